/**
 * POST /account/verify { response } — the confirmation: the session's login time moves to now.
 * The answer says how long it counts as fresh (`freshMs`), so that a page need not know.
 */
import { sessionBinding } from '../../ceremonies/bindings.js';
import { verifyAssertion } from '../../passkeys/verifyAssertion.js';
import { FRESH_VERIFICATION_MS, recordVerification } from '../../sessions/freshVerification.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';

export function finishVerification({ passkeys, now }: StepDeps): Step<'signedIn', { response: 'object' }> {
  return async function finishVerificationStep(ctx, { signedIn, fields: { response } }) {
    await verifyAssertion(passkeys, { kind: 'fresh-verification', binding: sessionBinding(signedIn.session), response });
    await recordVerification(signedIn.session, now());
    ctx.body = { verified: true, freshMs: FRESH_VERIFICATION_MS };
  };
}
