/**
 * GET /interaction/:uid/signup — the sign-up page, inside a sign-in of an app. Changes nothing.
 * Only under SIGN_UP=open (src/access/signUpPolicy.ts): otherwise a plain refusal; invited people
 * create their account on the invitation's page instead (src/access/steps/).
 */
import { t } from '../../i18n/t.js';
import { AccessError } from '../../access/errors.js';
import { offersOpenSignUp } from '../../access/signUpPolicy.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';

export function showSignUp({ provider, views, settings }: StepDeps): Step<'interaction'> {
  return async function showSignUpPage(ctx, { interaction }) {
    if (!offersOpenSignUp(settings)) throw new AccessError('sign_up_closed', `SIGN_UP=${settings.signUp}`);
    const client = await provider.Client.find(String(interaction.params.client_id));
    ctx.type = 'html';
    ctx.body = views.render('sign-up', { uid: interaction.uid, clientName: client?.clientName ?? t('common.unknownApp') });
  };
}
