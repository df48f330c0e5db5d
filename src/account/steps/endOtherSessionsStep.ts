/**
 * POST /account/sessions/end-others — ends every session of the account but this one (a sensitive
 * action, as ending one is).
 */
import { auditRequest } from '../../audit/auditRequest.js';
import { sessionEnding } from '../../sessions/endSessions.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';
import { endOtherSessions } from '../endSessions.js';

export function endOtherSessionsStep(deps: StepDeps): Step<'fresh'> {
  return async function endOtherSessionsAction(ctx, { signedIn }) {
    const ended = await endOtherSessions(sessionEnding(deps), { accountId: signedIn.person.id, keepUid: signedIn.session.uid });
    await auditRequest(deps, ctx, { type: 'session_ended', personId: signedIn.person.id, email: signedIn.person.email, detail: { which: 'all others', sessions: ended } });
    ctx.body = { ended };
  };
}
