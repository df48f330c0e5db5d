/**
 * The passkey ceremony of a sign-in page. It lives on the page's Interaction record (the store's
 * `SignInCeremony`): created with the interaction when oidc-provider asks for a sign-in (so the page
 * carries its options, and the browser's autofill request needs no round trip of its own), replaced
 * when the page asks for new options (email first, or after a failed attempt), and used up by the
 * first assertion that answers it, whether or not that one verifies (finishPasskeySignIn.ts).
 * Every rule of a ceremony holds: a fresh challenge from the CSPRNG, bound to this interaction and to
 * sign-in alone, usable for 5 minutes, once.
 */
import { randomBytes } from 'node:crypto';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';

import { CEREMONY_TTL_MS } from '../ceremonies/kinds.js';
import type { Credential, SignInCeremony } from '../store/ports.js';
import { CHALLENGE_BYTES, type RelyingParty } from './relyingParty.js';

export function newSignInCeremony(now: number, allowCredentials: Array<Pick<Credential, 'id'>> = []): SignInCeremony {
  return {
    challenge: randomBytes(CHALLENGE_BYTES).toString('base64url'),
    allowCredentialIds: allowCredentials.map((credential) => credential.id),
    expiresAt: new Date(now + CEREMONY_TTL_MS),
  };
}

/** The options for `navigator.credentials.get()`; the timeout is what is left of the ceremony. */
export function signInOptions(
  rp: RelyingParty, ceremony: SignInCeremony, now: number, allowCredentials: Array<Pick<Credential, 'id' | 'transports'>> = [],
): PublicKeyCredentialRequestOptionsJSON {
  return {
    challenge: ceremony.challenge,
    rpId: rp.id,
    timeout: Math.max(0, ceremony.expiresAt.getTime() - now),
    userVerification: 'required',
    allowCredentials: allowCredentials.map((credential) => ({
      id: credential.id, type: 'public-key' as const, ...(credential.transports.length > 0 ? { transports: credential.transports as never } : {}),
    })),
  };
}
