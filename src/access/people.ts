/**
 * Finding the account an administrator names, by email address.
 */
import { parseEmailAddress } from './checkProfile.js';
import { normalizeEmail, type Person, type Store } from '../store/ports.js';
import { AccessError } from './errors.js';

/** The same rule as sign-up's (parseEmailAddress), refused as an AccessError. */
export function checkAddress(input: string): string {
  const email = parseEmailAddress(input);
  if (!email) throw new AccessError('email_invalid', `address ${JSON.stringify(input)}`);
  return email;
}

export async function findPersonByEmail(store: Store, email: string): Promise<Person> {
  const person = await store.people.findByEmail(checkAddress(email));
  if (!person) throw new AccessError('person_not_found', `no account for ${normalizeEmail(email)}`);
  return person;
}
