/**
 * Sensitive actions (removing or adding a passkey, changing the email, ending other sessions,
 * deleting the account) need a user-verified passkey assertion from the last few minutes, so that
 * a browser left signed in, or a stolen session cookie, is not enough to take the account over or
 * lock its owner out (OWASP ASVS 7.5.1, re-authentication before sensitive changes).
 *
 * The session's own login time (oidc-provider's `loginTs`) says when that was: a passkey is the only
 * way to sign in, every sign-in sets it (to an app, or on the account page), and a confirmation the
 * account page asks for signs the same person in again. So freshness needs no record of its own,
 * and no sign-in pays a write for it. Times come from the provider's clock (`now`).
 *
 * Freshness is judged when the sensitive action happens, from when the passkey confirmed it: an
 * action in two steps (options, then the new passkey) needs it at both, so options fetched just
 * before the window closes do not carry it further.
 */
import type { Session } from 'oidc-provider';

import { PublicError } from '../errors/publicError.js';

export const FRESH_VERIFICATION_MS = 5 * 60_000;

export function isFreshlyVerified(session: Pick<Session, 'loginTs'>, now: number): boolean {
  return typeof session.loginTs === 'number' && session.loginTs * 1000 >= now - FRESH_VERIFICATION_MS;
}

export function requireFreshVerification(session: Pick<Session, 'loginTs'>, now: number): void {
  if (!isFreshlyVerified(session, now)) {
    throw new PublicError('verification_required', `no passkey verification within ${FRESH_VERIFICATION_MS / 60_000} minutes`);
  }
}

/** A confirmation with a passkey just succeeded in this session: its login time moves to now. */
export async function recordVerification(session: Session, now: number): Promise<void> {
  session.loginTs = Math.floor(now / 1000);
  await session.persist();
}
