/**
 * POST /account/email/code { code } — the address is changed and the old one is told. Answers with
 * the details the browser's passkey manager should now show (WebAuthn signalCurrentUserDetails).
 */
import { auditRequest } from '../../audit/auditRequest.js';
import { emailChangeBinding } from '../../ceremonies/bindings.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';
import { confirmEmailChange } from '../changeEmail.js';
import { passkeyUserDetails } from '../describePasskeys.js';

export function confirmEmailChangeStep(deps: StepDeps): Step<'signedIn', { code: 'string' }> {
  return async function confirmEmailChangeAction(ctx, { signedIn: { session, person }, fields: { code } }) {
    const changed = await confirmEmailChange(deps, { binding: emailChangeBinding(session.uid), person, code });
    await auditRequest(deps, ctx, { type: 'email_changed', personId: person.id, email: changed.email, detail: { from: person.email, to: changed.email } });
    ctx.body = { changed: true, user: passkeyUserDetails(changed) };
  };
}
