/**
 * POST /account/sign-out — ends this browser's session, as logout does. Anyone may ask: signed out
 * already, it only clears the cookie.
 */
import { auditRequest } from '../../audit/auditRequest.js';
import { clearSessionCookie, findSignedIn } from '../../sessions/accountSession.js';
import { endSessionRecord, sessionEnding } from '../../sessions/endSessions.js';
import { listSessionRecords } from '../../sessions/sessionActivity.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';

export function signOutHere(deps: StepDeps): Step<'none'> {
  return async function signOutHereStep(ctx) {
    const signedIn = await findSignedIn(deps, ctx);
    if (signedIn) {
      const record = (await listSessionRecords(deps.store.oidc, signedIn.person.id)).find((s) => s.payload.uid === signedIn.session.uid);
      if (record) {
        await endSessionRecord(sessionEnding(deps), signedIn.person.id, record);
        await auditRequest(deps, ctx, { type: 'session_ended', personId: signedIn.person.id, email: signedIn.person.email, detail: { which: 'this', sessions: 1 } });
      }
    }
    clearSessionCookie(deps.provider, ctx);
    ctx.body = { signedOut: true };
  };
}
