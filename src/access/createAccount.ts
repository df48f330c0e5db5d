/**
 * Creates a person together with their first passkey. The store has no transactions on every
 * engine, so the person is written first and removed again if the passkey cannot be bound
 * (e.g. its credential id is already registered): no account is left without a way in.
 */
import { PublicError } from '../errors/publicError.js';
import { saveCredential } from '../passkeys/saveCredential.js';
import { DuplicateError, type Credential, type NewCredential, type NewPerson, type Person, type Store } from '../store/ports.js';

export async function createAccount(
  store: Store,
  person: NewPerson,
  credential: Omit<NewCredential, 'personId'>,
): Promise<{ person: Person; credential: Credential }> {
  let created: Person;
  try {
    created = await store.people.insert(person);
  } catch (error) {
    // Someone finished signing up with the same address a moment ago.
    if (error instanceof DuplicateError) throw new PublicError('signup_expired', error.message);
    throw error;
  }
  try {
    return { person: created, credential: await saveCredential({ store }, { ...credential, personId: created.id }) };
  } catch (error) {
    await store.people.remove(created.id);
    throw error;
  }
}
