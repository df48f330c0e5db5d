/**
 * Signs the person out of one browser, or of every browser but this one, as oidc-provider's own
 * logout does: the session record goes, and so do the grants (and with them the tokens) that the
 * apps received through that session, except those the person let persist beyond logout
 * (`offline_access`, whose refresh tokens are meant to outlive the browser session).
 */
import { PublicError } from '../errors/publicError.js';
import type { OidcRecords } from '../store/ports.js';
import { listSessionRecords, type SessionRecord } from '../sessions/sessionActivity.js';

interface Authorization { grantId?: string; persistsLogout?: boolean }

export async function endSessionRecord(records: OidcRecords, session: SessionRecord): Promise<void> {
  const authorizations = (session.payload.authorizations ?? {}) as Record<string, Authorization>;
  for (const { grantId, persistsLogout } of Object.values(authorizations)) {
    if (typeof grantId === 'string' && !persistsLogout) {
      await records.revokeByGrantId(grantId);
      await records.destroy('Grant', grantId);
    }
  }
  await records.destroy('Session', session.id);
}

/** Ends the account's session with this uid; someone else's uid is "not found". */
export async function endSession(records: OidcRecords, input: { accountId: string; sessionUid: string }): Promise<void> {
  const found = (await listSessionRecords(records, input.accountId)).find((session) => session.payload.uid === input.sessionUid);
  if (!found) throw new PublicError('session_not_found', `no session ${input.sessionUid} of the account`);
  await endSessionRecord(records, found);
}

/** Ends every session of the account except `keepUid` (with null, every one); returns how many ended. */
export async function endOtherSessions(records: OidcRecords, input: { accountId: string; keepUid: string | null }): Promise<number> {
  const others = (await listSessionRecords(records, input.accountId)).filter((session) => session.payload.uid !== input.keepUid);
  for (const session of others) await endSessionRecord(records, session);
  return others.length;
}
