/**
 * Administrators: a flag on a person. Whoever can run `idp` against the store is the trust root and
 * makes the first administrator (`idp admins invite`, or `idp admins add` for an existing account);
 * nothing on the web ever makes someone an administrator because the database is empty.
 *
 * There is always an active administrator (flagged, account not disabled): disabling, deleting or
 * taking the flag from the last one is refused (keepAnAdministrator), whether the console, the
 * admin API, the account page or `idp` asks, since without one nobody can manage anything on the
 * web, and the console is where a person who lost their way in is helped back.
 */
import type { Person, PersonChanges, Store } from '../store/ports.js';
import { AccessError } from './errors.js';
import { findPersonByEmail } from './people.js';

export function isActiveAdministrator(person: Person): boolean {
  return person.isAdmin && person.disabledAt === null;
}

export async function listAdministrators(store: Store): Promise<Person[]> {
  return (await store.people.list()).filter((person) => person.isAdmin);
}

/** What may end someone's administration: the flag, or a disabled account. */
export type AdministrationChanges = Pick<PersonChanges, 'isAdmin' | 'disabledAt'>;

/**
 * Applies `changes` to the account unless that leaves no active administrator; returns the account
 * as it is now, or throws `last_administrator` with nothing changed.
 *
 * Two such changes at once (two administrators disabling each other) must not both pass, and a
 * check before the write cannot see the other change: both would pass. The store has no
 * transaction spanning two documents on every engine (FerretDB has none), so each change writes
 * first, then counts the active administrators, and undoes its own write if none is left. Of
 * changes at once, at most all but one stand: the last to count sees every write before it. Two may
 * both be refused (each counted after both wrote), never both pass. In the moment between a write
 * and its undo no administrator is active: a console or API request then is refused once; a crash
 * in that moment would leave none, which `idp admins add` mends.
 */
export async function keepAnAdministrator(store: Store, person: Person, changes: AdministrationChanges): Promise<Person> {
  if (!isActiveAdministrator(person)) return (await store.people.update(person.id, changes)) ?? person;
  const changed = await store.people.update(person.id, changes);
  if (!changed) throw new AccessError('person_not_found', 'vanished');
  if (isActiveAdministrator(changed)) return changed;
  if ((await store.people.list()).some(isActiveAdministrator)) return changed;
  const undo: AdministrationChanges = {};
  if ('isAdmin' in changes) undo.isAdmin = person.isAdmin;
  if ('disabledAt' in changes) undo.disabledAt = person.disabledAt;
  await store.people.update(person.id, undo);
  throw new AccessError('last_administrator', `${person.id} is the last active administrator`);
}

/** Returns whether anything changed (false: already an administrator). */
export async function makeAdministrator(store: Store, email: string): Promise<{ person: Person; changed: boolean }> {
  const person = await findPersonByEmail(store, email);
  if (person.isAdmin) return { person, changed: false };
  return { person: (await store.people.update(person.id, { isAdmin: true })) ?? person, changed: true };
}

/** Refused for the last active administrator. */
export async function removeAdministrator(store: Store, email: string): Promise<{ person: Person; changed: boolean }> {
  const person = await findPersonByEmail(store, email);
  if (!person.isAdmin) return { person, changed: false };
  return { person: await keepAnAdministrator(store, person, { isAdmin: false }), changed: true };
}
