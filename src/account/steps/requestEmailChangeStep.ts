/**
 * POST /account/email { email } — a code to the new address (../changeEmail.ts); a sensitive
 * action: its row's guard is `fresh`.
 */
import { emailChangeBinding } from '../../ceremonies/bindings.js';
import { mailedCodeMinutes } from '../../ceremonies/mailedCode.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';
import { requestEmailChange } from '../changeEmail.js';

export function requestEmailChangeStep(deps: StepDeps): Step<'fresh', { email: 'string' }> {
  return async function requestEmailChangeAction(ctx, { signedIn, fields }) {
    const email = await requestEmailChange(deps, {
      binding: emailChangeBinding(signedIn.session.uid),
      person: signedIn.person,
      email: fields.email,
      clientIp: ctx.ip,
    });
    ctx.body = { next: 'code', email, minutes: mailedCodeMinutes('email-change-code') };
  };
}
