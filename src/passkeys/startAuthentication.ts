/**
 * Starts an authentication ceremony: the options for `navigator.credentials.get()`, and the
 * ceremony record that remembers the challenge, the account it is for (if any) and the credentials
 * it allows. With no `allowCredentials` this is a usernameless (discoverable credential) sign-in.
 */
import { randomBytes } from 'node:crypto';
import { generateAuthenticationOptions, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { Credential } from '../store/ports.js';
import { CEREMONY_TTL_MS, CHALLENGE_BYTES, type PasskeyDeps } from './relyingParty.js';

export interface StartAuthenticationInput {
  binding: string;
  purpose?: 'authenticate' | 'reauthenticate';
  /** The account that must answer (e.g. the signed-in person re-authenticating), if any. */
  personId?: string | null;
  /** Credentials the browser may offer; the assertion must then come from one of them. */
  allowCredentials?: Credential[];
  /** Anything the finishing step needs back; `allowCredentialIds` is added. */
  state?: Record<string, unknown>;
}

export async function startAuthentication(deps: PasskeyDeps, input: StartAuthenticationInput): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const allowCredentials = input.allowCredentials ?? [];
  const options = await generateAuthenticationOptions({
    rpID: deps.rp.id,
    // A fresh challenge per ceremony, from the CSPRNG, kept server-side below.
    challenge: new Uint8Array(randomBytes(CHALLENGE_BYTES)),
    timeout: CEREMONY_TTL_MS,
    userVerification: 'required',
    allowCredentials: allowCredentials.map((credential) => ({ id: credential.id, transports: credential.transports })),
  });

  await deps.store.ceremonies.put({
    binding: input.binding,
    purpose: input.purpose ?? 'authenticate',
    challenge: options.challenge,
    personId: input.personId ?? null,
    state: { ...input.state, allowCredentialIds: allowCredentials.map((credential) => credential.id) },
    expiresAt: new Date(deps.now() + CEREMONY_TTL_MS),
  });
  return options;
}
