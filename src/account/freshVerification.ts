/**
 * Sensitive actions (removing or adding a passkey, changing the email, ending other sessions,
 * deleting the account) need a user-verified passkey assertion from the last few minutes, so that
 * a browser left signed in, or a stolen session cookie, is not enough to take the account over or
 * lock its owner out (OWASP ASVS 7.5.1, re-authentication before sensitive changes).
 *
 * Every user-verified passkey assertion of a session is recorded here: a sign-in (to an app, or on
 * the account page) and a confirmation asked for by the account page. The record is kept per
 * session (by its uid, which survives the session id renewal) and for the account it was made for,
 * by the provider's clock, and expires with the window.
 */
import { PublicError } from '../http/errors.js';
import type { OidcRecords } from '../store/ports.js';

export const FRESH_VERIFICATION_MS = 5 * 60_000;
/** The record's model name among the provider's records (see sessionActivity.ts for why there). */
export const VERIFICATION_MODEL = 'AccountVerification';

export interface SessionFacts {
  uid: string;
  accountId: string;
}

export async function recordVerification(records: OidcRecords, session: SessionFacts, at: number): Promise<void> {
  await records.upsert(VERIFICATION_MODEL, session.uid, { accountId: session.accountId, verifiedAt: at }, FRESH_VERIFICATION_MS / 1000);
}

export async function isFreshlyVerified(records: OidcRecords, session: SessionFacts, now: number): Promise<boolean> {
  const oldest = now - FRESH_VERIFICATION_MS;
  const recorded = await records.find(VERIFICATION_MODEL, session.uid);
  return recorded?.accountId === session.accountId && typeof recorded.verifiedAt === 'number' && recorded.verifiedAt >= oldest;
}

export async function requireFreshVerification(records: OidcRecords, session: SessionFacts, now: number): Promise<void> {
  if (!(await isFreshlyVerified(records, session, now))) {
    throw new PublicError('verification_required', `no passkey verification within ${FRESH_VERIFICATION_MS / 60_000} minutes`);
  }
}
