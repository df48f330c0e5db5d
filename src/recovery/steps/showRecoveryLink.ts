/**
 * GET /recover/:token — the link's page: one button. A GET changes nothing, so mail scanners that
 * open links cannot use it up.
 */
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';
import { findRecoveryLink } from '../findRecoveryLink.js';

export function showRecoveryLink({ store, views }: StepDeps): Step<'none'> {
  return async function showRecoveryLinkPage(ctx) {
    const { person } = await findRecoveryLink(store, ctx.params.token);
    ctx.type = 'html';
    ctx.body = views.render('recover', { email: person.email });
  };
}
