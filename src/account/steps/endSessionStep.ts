/**
 * POST /account/sessions/end { uid } — ends one other session where the person is signed in (a
 * sensitive action: ending sessions is how an intruder would lock the owner out). This browser's
 * own session ends with "Sign out" (POST /account/sign-out) instead.
 */
import { auditRequest } from '../../audit/auditRequest.js';
import { PublicError } from '../../errors/publicError.js';
import { sessionEnding } from '../../sessions/endSessions.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';
import { endSession } from '../endSessions.js';

export function endSessionStep(deps: StepDeps): Step<'fresh', { uid: 'string' }> {
  return async function endSessionAction(ctx, { signedIn, fields: { uid } }) {
    if (uid === signedIn.session.uid) throw new PublicError('bad_request', 'use sign-out to end this session');
    await endSession(sessionEnding(deps), { accountId: signedIn.person.id, sessionUid: uid });
    await auditRequest(deps, ctx, { type: 'session_ended', personId: signedIn.person.id, email: signedIn.person.email, detail: { which: 'another', sessions: 1 } });
    ctx.body = { ended: 1 };
  };
}
