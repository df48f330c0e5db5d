/**
 * Administrators: a flag on a person. Whoever can run `idp` against the store is the trust root and
 * makes the first administrator (`idp admins invite`, or `idp admins add` for an existing account);
 * nothing on the web ever makes someone an administrator because the database is empty.
 */
import type { Person, Store } from '../store/ports.js';
import { findPersonByEmail } from './people.js';

export async function listAdministrators(store: Store): Promise<Person[]> {
  return (await store.people.list()).filter((person) => person.isAdmin);
}

/** Returns whether anything changed (false: already an administrator). */
export async function makeAdministrator(store: Store, email: string): Promise<{ person: Person; changed: boolean }> {
  const person = await findPersonByEmail(store, email);
  if (person.isAdmin) return { person, changed: false };
  return { person: (await store.people.update(person.id, { isAdmin: true })) ?? person, changed: true };
}

export async function removeAdministrator(store: Store, email: string): Promise<{ person: Person; changed: boolean }> {
  const person = await findPersonByEmail(store, email);
  if (!person.isAdmin) return { person, changed: false };
  return { person: (await store.people.update(person.id, { isAdmin: false })) ?? person, changed: true };
}
