/**
 * POST /interaction/:uid/refused — the person leaves the refusal page of an app that does not
 * admit them (src/oidc/appAccessPrompt.ts); the app receives `access_denied`, with no code. The
 * refusal itself was recorded in the audit trail when the rule decided it.
 */
import { PublicError } from '../errors/publicError.js';
import { APP_ACCESS_PROMPT } from '../oidc/appAccessPrompt.js';
import type { StepDeps } from '../steps/deps.js';
import type { Step } from '../steps/step.js';

export function leaveRefusedApp({ provider }: StepDeps): Step<'interaction'> {
  return async function leaveRefusedAppStep(ctx, { interaction }) {
    if (interaction.prompt.name !== APP_ACCESS_PROMPT) throw new PublicError('interaction_expired', `prompt is ${interaction.prompt.name}, not ${APP_ACCESS_PROMPT}`);
    await provider.interactionFinished(ctx.req, ctx.res, {
      error: 'access_denied',
      error_description: 'The account may not use this app.',
    }, { mergeWithLastSubmission: false });
    ctx.respond = false;
  };
}
