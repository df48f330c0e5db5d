/**
 * Removes one of the person's passkeys, and tells them by mail. The last passkey cannot be removed:
 * it is the only way into the account, and the page says so.
 *
 * The store has no transactions on every engine, so two removals at the same moment could each see
 * the other passkey still there and leave none. After removing, the passkeys are counted again, and
 * if none is left this one is put back and the removal refused.
 */
import { PublicError } from '../errors/publicError.js';
import type { Credential, Person } from '../store/ports.js';
import type { AccountDeps } from './deps.js';
import { passkeyName } from './describePasskeys.js';
import { notify } from './notify.js';

export async function removePasskey(
  deps: Pick<AccountDeps, 'store' | 'mailer' | 'log' | 'now'>,
  input: { person: Person; credentialId: string },
): Promise<Credential> {
  const { store } = deps;
  const { person } = input;
  const credentials = await store.credentials.listByPerson(person.id);
  const target = credentials.find((credential) => credential.id === input.credentialId);
  if (!target) throw new PublicError('passkey_not_found', `credential ${input.credentialId} is not the account's`);
  if (credentials.length <= 1) throw new PublicError('last_passkey', 'only passkey of the account');

  if (!(await store.credentials.remove(target.id, person.id))) throw new PublicError('passkey_not_found', 'removed meanwhile');
  if ((await store.credentials.listByPerson(person.id)).length === 0) {
    const { createdAt: _createdAt, lastUsedAt: _lastUsedAt, ...record } = target;
    await store.credentials.insert(record);
    throw new PublicError('last_passkey', 'a concurrent removal took the other passkey; restored this one');
  }

  deps.log.info('account.passkey_removed', { personId: person.id, credentialId: target.id });
  await notify(deps, person.id, {
    to: person.email,
    template: 'passkey-removed',
    values: { time: new Date(deps.now()), passkeyName: passkeyName(target) },
  });
  return target;
}
