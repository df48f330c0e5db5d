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
import { isActiveAdministrator, type AdministrationChanges, type Person, type Store } from '../store/ports.js';
import { AccessError } from './errors.js';
import { findPersonByEmail } from './people.js';

export { isActiveAdministrator, type AdministrationChanges };

export async function listAdministrators(store: Store): Promise<Person[]> {
  return (await store.people.list()).filter((person) => person.isAdmin);
}

/**
 * Applies `changes` to the account unless that leaves no active administrator; returns the account
 * as it is now, or throws `last_administrator` with nothing changed.
 *
 * Two such changes at once (two administrators disabling each other) must not both pass, and a
 * check before the write cannot see the other change. The store decides in one atomic step
 * (People.updateUnlessLastAdministrator: one transaction on SQLite, a guard document updated with a
 * filter on Mongo), so there is never a moment without an active administrator, and a change
 * answered as done is in the store.
 */
export async function keepAnAdministrator(store: Store, person: Person, changes: AdministrationChanges): Promise<Person> {
  const changed = await store.people.updateUnlessLastAdministrator(person.id, changes);
  if (changed === 'last_administrator') throw new AccessError('last_administrator', `${person.id} is the last active administrator`);
  if (!changed) {
    if (!isActiveAdministrator(person)) return person;
    throw new AccessError('person_not_found', 'vanished');
  }
  return changed;
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
