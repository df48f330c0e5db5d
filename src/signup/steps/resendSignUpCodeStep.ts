/**
 * POST /interaction/:uid/signup/resend — a new code for the pending sign-up of this sign-in
 * (../resendSignUpCode.ts), mailed to the address it was asked for; the tries left stay as they were.
 * The answer is the same whether or not the address has an account.
 */
import { checkOpenSignUp } from '../../access/signUpPolicy.js';
import { interactionBinding } from '../../ceremonies/bindings.js';
import { mailedCodeMinutes } from '../../ceremonies/mailedCode.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';
import { resendSignUpCode } from '../resendSignUpCode.js';

export function resendSignUpCodeStep({ store, mailer, settings, now }: StepDeps): Step<'interaction'> {
  return async function resendSignUpCodeAction(ctx, { interaction }) {
    const { email } = await resendSignUpCode({ store, mailer, now }, {
      binding: interactionBinding(interaction.uid),
      clientIp: ctx.ip,
      signInUrl: `${settings.issuer}/interaction/${interaction.uid}`,
      // The policy may have changed (a restart with another SIGN_UP) since the first code was mailed.
      checkAddress: (address) => checkOpenSignUp(settings, address),
    });
    ctx.body = { next: 'code', email, minutes: mailedCodeMinutes('sign-up-code'), resent: true };
  };
}
