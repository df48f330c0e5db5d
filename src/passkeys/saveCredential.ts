/**
 * Stores a verified credential for the account it was registered for. The store's unique index on
 * the credential id (not a read-then-write) is what keeps one credential from being bound to two
 * accounts; a collision becomes `credential_taken`.
 */
import { DuplicateError, type Credential, type NewCredential } from '../store/ports.js';
import { PasskeyError } from './errors.js';
import type { PasskeyDeps } from './relyingParty.js';

export async function saveCredential(deps: Pick<PasskeyDeps, 'store'>, credential: NewCredential): Promise<Credential> {
  if (!credential.personId) throw new Error('saveCredential needs the personId of the account the ceremony was for');
  try {
    return await deps.store.credentials.insert(credential);
  } catch (error) {
    if (error instanceof DuplicateError) throw new PasskeyError('credential_taken', `credential ${credential.id} is registered already`);
    throw error;
  }
}
