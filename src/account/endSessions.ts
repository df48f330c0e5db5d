/**
 * Signs the person out of one browser, or of every browser but this one, as oidc-provider's own
 * logout does (src/sessions/endSessions.ts): each app of the session is told (back-channel logout),
 * the grants the apps received through that session go, and with them the tokens, except those the
 * person let persist beyond logout (`offline_access`, whose refresh tokens are meant to outlive the
 * browser session), and the session record goes.
 */
import { PublicError } from '../errors/publicError.js';
import { endSessionRecord, endSessionsOf, type SessionEndingDeps } from '../sessions/endSessions.js';
import { listSessionRecords } from '../sessions/sessionActivity.js';

/** Ends the account's session with this uid; someone else's uid is "not found". */
export async function endSession(deps: SessionEndingDeps, input: { accountId: string; sessionUid: string }): Promise<void> {
  const found = (await listSessionRecords(deps.records, input.accountId)).find((session) => session.payload.uid === input.sessionUid);
  if (!found) throw new PublicError('session_not_found', `no session ${input.sessionUid} of the account`);
  await endSessionRecord(deps, input.accountId, found);
}

/** Ends every session of the account except `keepUid` (with null, every one); returns how many ended. */
export async function endOtherSessions(deps: SessionEndingDeps, input: { accountId: string; keepUid: string | null }): Promise<number> {
  return endSessionsOf(deps, input);
}
