/**
 * POST /interaction/:uid/signup { email, name? } — a code is mailed to prove the address
 * (../sendSignUpCode.ts); the answer is the same whether or not the address has an account.
 * Only under SIGN_UP=open, at an allowed domain: otherwise a 403, writing and mailing nothing.
 */
import { checkOpenSignUp } from '../../access/signUpPolicy.js';
import { checkEmail, checkName } from '../../access/checkProfile.js';
import { interactionBinding } from '../../ceremonies/bindings.js';
import { ceremonyLimits } from '../../ceremonies/kinds.js';
import { mailedCodeMinutes } from '../../ceremonies/mailedCode.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';
import { sendSignUpCode } from '../sendSignUpCode.js';

export function requestSignUpCode({ store, mailer, settings, now }: StepDeps): Step<'interaction', { email: 'string'; name: 'string?' }> {
  return async function requestSignUpCodeStep(ctx, { interaction, fields }) {
    const email = checkEmail(fields.email);
    checkOpenSignUp(settings, email);
    await sendSignUpCode({ store, mailer, now }, {
      binding: interactionBinding(interaction.uid),
      email,
      name: checkName(fields.name),
      clientIp: ctx.ip,
      signInUrl: `${settings.issuer}/interaction/${interaction.uid}`,
    });
    // The page says how long the code lives (the same figure the mail gives), how many tries the
    // sign-up has, and how many new codes it may ask for.
    const { tries, resends } = ceremonyLimits['sign-up-code'];
    ctx.body = { next: 'code', email, minutes: mailedCodeMinutes('sign-up-code'), tries, resends };
  };
}
