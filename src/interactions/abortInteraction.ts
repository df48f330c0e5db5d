/**
 * POST /interaction/:uid/abort — the person declines (cancel on the sign-in or consent page);
 * the app receives `access_denied`.
 */
import type { StepDeps } from '../steps/deps.js';
import type { Step } from '../steps/step.js';

export function abortInteraction({ provider }: StepDeps): Step<'interaction'> {
  return async function abortInteractionStep(ctx) {
    await provider.interactionFinished(ctx.req, ctx.res, {
      error: 'access_denied',
      error_description: 'The person declined to sign in or to allow access.',
    }, { mergeWithLastSubmission: false });
    ctx.respond = false;
  };
}
