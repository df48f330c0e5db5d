/**
 * Starts an authentication ceremony: the options for `navigator.credentials.get()`, and the
 * ceremony record that remembers the challenge, the account it is for (if any) and the credentials
 * it allows. With no `allowCredentials` this is a usernameless (discoverable credential) sign-in.
 */
import { randomBytes } from 'node:crypto';
import { generateAuthenticationOptions, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { startCeremony } from '../ceremonies/ceremonies.js';
import { CEREMONY_TTL_MS, type CeremonyKinds } from '../ceremonies/kinds.js';
import type { Credential } from '../store/ports.js';
import { CHALLENGE_BYTES, type PasskeyDeps } from './relyingParty.js';

export type AuthenticationKind = 'passkey-sign-in' | 'fresh-verification';

export interface StartAuthenticationInput<K extends AuthenticationKind> {
  kind: K;
  binding: CeremonyKinds[K]['binding'];
  /** The account that must answer: the signed-in person, for a fresh verification. */
  personId: CeremonyKinds[K]['personId'];
  /** Credentials the browser may offer; the assertion must then come from one of them. */
  allowCredentials?: Credential[];
}

export async function startAuthentication<K extends AuthenticationKind>(
  deps: PasskeyDeps,
  input: StartAuthenticationInput<K>,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const allowCredentials = input.allowCredentials ?? [];
  const options = await generateAuthenticationOptions({
    rpID: deps.rp.id,
    // A fresh challenge per ceremony, from the CSPRNG, kept server-side below.
    challenge: new Uint8Array(randomBytes(CHALLENGE_BYTES)),
    timeout: CEREMONY_TTL_MS,
    userVerification: 'required',
    allowCredentials: allowCredentials.map((credential) => ({ id: credential.id, transports: credential.transports })),
  });

  await startCeremony(deps.store, {
    kind: input.kind,
    binding: input.binding,
    challenge: options.challenge,
    personId: input.personId,
    state: { allowCredentialIds: allowCredentials.map((credential) => credential.id) },
    now: deps.now(),
  });
  return options;
}
