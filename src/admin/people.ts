/**
 * People as the admin API and console list and show them. Searching and paging read the whole
 * list of people and cut it in memory: fine for the thousands of accounts a self-hosted provider
 * has, and it keeps the store ports as they are. Pages are ordered by email address; the cursor is
 * the last address of the page before, so a page never repeats or skips someone when accounts are
 * added or removed between two requests.
 */
import { normalizeEmail, type Person, type Store } from '../store/ports.js';
import { AdminError } from './errors.js';

export interface PersonView {
  person: Person;
  groups: string[];
  passkeys: number;
}

export async function findPersonById(store: Store, id: string): Promise<Person> {
  const person = await store.people.findById(id);
  if (!person) throw new AdminError('person_id_unknown', `person ${id}`);
  return person;
}

export async function viewPerson(store: Store, person: Person): Promise<PersonView> {
  const [groups, credentials] = await Promise.all([store.groups.listByPerson(person.id), store.credentials.listByPerson(person.id)]);
  return { person, groups: groups.map((group) => group.name).sort(), passkeys: credentials.length };
}

function encodeCursor(email: string): string {
  return Buffer.from(email).toString('base64url');
}

function decodeCursor(cursor: string): string {
  const email = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[A-Za-z0-9_-]+$/.test(cursor) || !email.includes('@')) throw new AdminError('invalid_request', 'cursor is not one this API gave');
  return email;
}

export async function listPeople(
  store: Store,
  query: { search?: string; cursor?: string; limit: number },
): Promise<{ people: PersonView[]; nextCursor: string | null }> {
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
  const needle = query.search?.trim().toLowerCase() ?? '';
  const matching = (await store.people.list())
    .map((person) => ({ person, key: normalizeEmail(person.email) }))
    .filter(({ person, key }) => !needle || key.includes(needle) || (person.name ?? '').toLowerCase().includes(needle))
    .filter(({ key }) => after === null || key > after)
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const page = matching.slice(0, query.limit);
  const nextCursor = matching.length > query.limit ? encodeCursor(page[page.length - 1]!.key) : null;
  return { people: await Promise.all(page.map(({ person }) => viewPerson(store, person))), nextCursor };
}
