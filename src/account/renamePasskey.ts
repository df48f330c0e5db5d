/**
 * Renames one of the person's passkeys. The store renames only a credential that belongs to
 * `personId`, so an id of someone else's passkey changes nothing and is answered as "not found".
 */
import { PublicError } from '../errors/publicError.js';
import type { AccountDeps } from './deps.js';

export const MAX_PASSKEY_NAME = 64;

/** A name a person can recognise: 1 to 64 characters, one line, no control characters. */
export function checkPasskeyName(input: string): string {
  const name = input.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (name.length === 0 || name.length > MAX_PASSKEY_NAME) throw new PublicError('passkey_name_invalid', `name of ${name.length} characters`);
  return name;
}

export async function renamePasskey(
  deps: Pick<AccountDeps, 'store'>,
  input: { personId: string; credentialId: string; name: string },
): Promise<string> {
  const name = checkPasskeyName(input.name);
  const renamed = await deps.store.credentials.rename(input.credentialId, input.personId, name);
  if (!renamed) throw new PublicError('passkey_not_found', `credential ${input.credentialId} is not the account's`);
  return name;
}
