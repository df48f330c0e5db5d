/**
 * Starts a registration ceremony: the options for `navigator.credentials.create()`, and the
 * ceremony record that remembers the challenge and the account the new passkey is for.
 *
 * The passkey will be bound to `personId` (or, for a sign-up, to the account the caller creates
 * from `state` once it is proven): never to anything the browser sends back.
 */
import { randomBytes } from 'node:crypto';
import { generateRegistrationOptions, type PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { startCeremony } from '../ceremonies/ceremonies.js';
import { CEREMONY_TTL_MS, type CeremonyKinds } from '../ceremonies/kinds.js';
import { CHALLENGE_BYTES, PASSKEY_ALGORITHM_IDS, type PasskeyDeps } from './relyingParty.js';

export type RegistrationKind = 'sign-up-passkey' | 'invitation-passkey' | 'new-passkey';

export interface StartRegistrationInput<K extends RegistrationKind> {
  kind: K;
  binding: CeremonyKinds[K]['binding'];
  user: {
    /** The WebAuthn user handle, base64url (32 random bytes, never derived from the email). */
    webauthnUserId: string;
    email: string;
    name: string | null;
  };
  /** The account the passkey is for; null while a sign-up has no account yet. */
  personId: CeremonyKinds[K]['personId'];
  /** The person's existing credentials, so the authenticator does not make a second one. */
  excludeCredentialIds?: string[];
  /** What the finishing step needs back (for a sign-up: the account to create). */
  state: CeremonyKinds[K]['state'];
}

export async function startRegistration<K extends RegistrationKind>(
  deps: PasskeyDeps,
  input: StartRegistrationInput<K>,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const userID = Buffer.from(input.user.webauthnUserId, 'base64url');
  // Ensure the user handle is usable: WebAuthn allows 1 to 64 bytes (§5.4.3).
  if (userID.length === 0 || userID.length > 64) throw new Error('webauthnUserId must be 1 to 64 bytes, base64url');
  // Ensure a sign-up's account gets the user handle its passkey is made with.
  if ('webauthnUserId' in input.state && input.state.webauthnUserId !== input.user.webauthnUserId) {
    throw new Error('the account to create has another user handle than the passkey');
  }

  const options = await generateRegistrationOptions({
    rpName: deps.rp.name,
    rpID: deps.rp.id,
    userName: input.user.email,
    userDisplayName: input.user.name ?? input.user.email,
    userID: new Uint8Array(userID),
    // A fresh challenge per ceremony, from the CSPRNG, kept server-side below.
    challenge: new Uint8Array(randomBytes(CHALLENGE_BYTES)),
    timeout: CEREMONY_TTL_MS,
    attestationType: 'none',
    excludeCredentials: (input.excludeCredentialIds ?? []).map((id) => ({ id })),
    // A passkey: discoverable, and the authenticator verifies the person (PIN, biometrics).
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    supportedAlgorithmIDs: [...PASSKEY_ALGORITHM_IDS],
  });

  await startCeremony(deps.store, {
    kind: input.kind,
    binding: input.binding,
    challenge: options.challenge,
    personId: input.personId,
    state: input.state,
    now: deps.now(),
  });
  return options;
}
