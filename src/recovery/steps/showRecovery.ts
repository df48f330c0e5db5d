/**
 * GET /recovery?interaction=UID — the "Lost your passkey?" page (email form). Changes nothing.
 */
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';
import { interactionUidFrom } from '../continueSignIn.js';

export function showRecovery({ views }: StepDeps): Step<'none'> {
  return async function showRecoveryPage(ctx) {
    ctx.type = 'html';
    ctx.body = views.render('recovery', { interactionUid: interactionUidFrom(ctx.query.interaction) ?? '' });
  };
}
