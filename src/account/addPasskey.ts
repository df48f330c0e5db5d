/**
 * Adds a passkey to an account whose owner is signed in (or has just signed up). The registration
 * ceremony is started for that account and lists its passkeys in `excludeCredentials`, so an
 * authenticator that already holds one refuses to make a second (WebAuthn §5.4.3). The new passkey
 * is bound to the account the ceremony was started for, never to anything in the request body, and
 * the account is told by mail.
 */
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';

import type { CeremonyKinds } from '../ceremonies/kinds.js';
import { PasskeyError } from '../passkeys/errors.js';
import { finishRegistration } from '../passkeys/finishRegistration.js';
import { saveCredential } from '../passkeys/saveCredential.js';
import { startRegistration } from '../passkeys/startRegistration.js';
import type { Credential, Person } from '../store/ports.js';
import type { AccountDeps } from './deps.js';
import { passkeyName } from './describePasskeys.js';
import { notify } from './notify.js';

/** The account page (its session), the offer right after sign-up (its interaction), or a recovery link. */
type NewPasskeyBinding = CeremonyKinds['new-passkey']['binding'];

export async function startAddingPasskey(
  deps: AccountDeps,
  input: { binding: NewPasskeyBinding; person: Person },
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { person } = input;
  const existing = await deps.store.credentials.listByPerson(person.id);
  return startRegistration(deps.passkeys, {
    kind: 'new-passkey',
    binding: input.binding,
    user: { webauthnUserId: person.webauthnUserId, email: person.email, name: person.name },
    personId: person.id,
    excludeCredentialIds: existing.map((credential) => credential.id),
    state: {},
  });
}

export async function finishAddingPasskey(
  deps: AccountDeps,
  input: { binding: NewPasskeyBinding; person: Person; response: unknown; createdIn: string | null },
): Promise<Credential> {
  const { person } = input;
  const { ceremony, credential } = await finishRegistration(deps.passkeys, {
    kind: 'new-passkey',
    binding: input.binding,
    response: input.response,
    createdIn: input.createdIn,
  });
  // Ensure the ceremony was started for this very account (the binding could outlive a sign-out).
  if (ceremony.personId !== person.id) throw new PasskeyError('wrong_account', 'registration ceremony was for another account');
  const saved = await saveCredential(deps.passkeys, { ...credential, personId: person.id });
  deps.log.info('account.passkey_added', { personId: person.id, credentialId: saved.id });
  await notify(deps, person.id, {
    to: person.email,
    template: 'passkey-added',
    values: { time: new Date(deps.now()), browser: saved.createdIn ?? 'an unknown browser', passkeyName: passkeyName(saved) },
  });
  return saved;
}
