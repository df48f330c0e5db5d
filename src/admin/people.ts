/**
 * People as the admin API and console list, show and change them. Every change is recorded in the
 * audit trail as the administrator's (recordChange.ts); a person whose account is disabled is told
 * by mail (notifyAccessChange.ts).
 *
 * Searching and paging read the whole list of people and cut it in memory: fine for the thousands
 * of accounts a self-hosted provider has, and it keeps the store ports as they are. Pages are
 * ordered by email address; the cursor is the last address of the page before, so a page never
 * repeats or skips someone when accounts are added or removed between two requests.
 */
import { disableAccount, enableAccount, endEverything, removeAccount } from '../access/accounts.js';
import { issueRecoveryLink } from '../recovery/issueRecoveryLink.js';
import { normalizeEmail, type Person, type Store } from '../store/ports.js';
import type { AdminDeps } from './deps.js';
import { AdminError } from './errors.js';
import { notifyAccountDisabled } from './notifyAccessChange.js';
import { recordAdminChange, type AdminActor } from './recordChange.js';

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

/**
 * Disables the account (its sessions and tokens end at once) and tells its owner; nothing if it
 * already is. Refused for the administrator's own account, and for the last active administrator.
 */
/** Ensure an administrator does not disable or remove the account they act with (their way in). */
function refuseOwnAccount(who: AdminActor, person: Person): void {
  if (who.personId === person.id) throw new AdminError('own_account', `${who.actor} acting on its own account`);
}

export async function disablePerson(deps: AdminDeps, who: AdminActor, id: string): Promise<{ person: Person; changed: boolean }> {
  const person = await findPersonById(deps.store, id);
  if (person.disabledAt) return { person, changed: false };
  refuseOwnAccount(who, person);
  const { person: disabled, sessions } = await disableAccount(deps, person.email);
  await recordAdminChange(deps, who, { action: 'person.disable', target: person.id, personId: person.id, detail: { sessions } });
  await notifyAccountDisabled(deps, person);
  return { person: disabled, changed: true };
}

/** Lets a disabled account sign in again; nothing if it is not disabled. */
export async function enablePerson(deps: AdminDeps, who: AdminActor, id: string): Promise<{ person: Person; changed: boolean }> {
  const person = await findPersonById(deps.store, id);
  if (!person.disabledAt) return { person, changed: false };
  const { person: enabled } = await enableAccount(deps, person.email);
  await recordAdminChange(deps, who, { action: 'person.enable', target: person.id, personId: person.id });
  return { person: enabled, changed: true };
}

/** Removes the account, its passkeys and its sessions (the account page's deletion); refused as disabling is. */
export async function removePerson(deps: AdminDeps, who: AdminActor, id: string): Promise<Person> {
  const person = await findPersonById(deps.store, id);
  refuseOwnAccount(who, person);
  await removeAccount(deps, person.email);
  await recordAdminChange(deps, who, { action: 'person.remove', target: person.id, personId: person.id });
  return person;
}

/** Mails the person a recovery link (never shown to the administrator), under the usual rate limits. */
export async function mailRecoveryLink(deps: AdminDeps, who: AdminActor, id: string): Promise<Person> {
  const person = await findPersonById(deps.store, id);
  await issueRecoveryLink(
    { store: deps.store, mailer: deps.mailer, issuer: deps.settings.issuer, linkMinutes: deps.settings.recoveryLinkMinutes, now: deps.now },
    { email: person.email, clientIp: who.origin.ip ?? 'unknown', interactionUid: null },
  );
  await recordAdminChange(deps, who, { action: 'person.recovery_link', target: person.id, personId: person.id });
  return person;
}

/** Signs the person out everywhere: every session ends, every token they hold is revoked. */
export async function endSessionsOf(deps: AdminDeps, who: AdminActor, id: string): Promise<{ person: Person; sessions: number }> {
  const person = await findPersonById(deps.store, id);
  const sessions = await endEverything(deps, person.id);
  await recordAdminChange(deps, who, { action: 'person.end_sessions', target: person.id, personId: person.id, detail: { sessions } });
  return { person, sessions };
}
