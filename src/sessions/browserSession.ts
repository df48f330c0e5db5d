/**
 * The browser session: oidc-provider's Session, which both an app's sign-in and the account page's
 * own sign-in start. Its cookie options, its lifetime and what a passkey sign-in records in it are
 * defined here once, for the provider's configuration (src/oidc/createProvider.ts) and for the
 * account page (./accountSession.ts) alike.
 */
import type { Credential } from '../store/ports.js';

const DAY_SECONDS = 24 * 60 * 60;

/** Cookie options of the session cookie (oidc-provider's `cookies.long`). */
export const SESSION_COOKIE = { httpOnly: true, sameSite: 'lax' } as const;
export const SESSION_TTL_SECONDS = 14 * DAY_SECONDS;

/** OpenID `acr` for a user-verified passkey: phishing-resistant. */
export const PASSKEY_ACR = 'phr';

/**
 * RFC 8176 `amr`: the key is a software-synced or hardware-bound one, user presence was tested,
 * and user verification makes it multi-factor.
 */
export function passkeyAmr(credential: Pick<Credential, 'backupEligible'>): string[] {
  return [credential.backupEligible ? 'swk' : 'hwk', 'user', 'mfa'];
}

/** What oidc-provider reads from a finished login prompt. */
export function loginResult(personId: string, credential: Pick<Credential, 'backupEligible'>, now: number) {
  // The login time comes from the provider's clock: freshness (./freshVerification.ts) is judged by it.
  const ts = Math.floor(now / 1000);
  return { login: { accountId: personId, ts, amr: passkeyAmr(credential), acr: PASSKEY_ACR, remember: true } };
}
