/**
 * POST /admin/people/:id/recovery-link — mails the person a recovery link, under the recovery
 * page's rate limits; the administrator never sees the link.
 */
import type { StepDeps } from '../../../steps/deps.js';
import type { Step } from '../../../steps/step.js';
import { mailRecoveryLink } from '../../people.js';
import { goTo } from '../afterChange.js';
import { actorOf, adminDeps } from '../consoleDeps.js';

export function mailRecoveryLinkStep(deps: StepDeps): Step<'admin'> {
  return async function mailRecoveryLinkToPerson(ctx, { signedIn }) {
    const person = await mailRecoveryLink(adminDeps(deps), actorOf(ctx, signedIn), ctx.params.id!);
    goTo(deps, ctx, `/admin/people/${encodeURIComponent(person.id)}`, 'recovery-sent');
  };
}
