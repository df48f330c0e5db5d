/**
 * POST /admin/people/:id/disable — disables the account: signed out everywhere at once, its tokens
 * revoked, and its owner told by mail (src/admin/people.ts). Needs a fresh passkey confirmation.
 */
import type { StepDeps } from '../../../steps/deps.js';
import type { Step } from '../../../steps/step.js';
import { disablePerson } from '../../people.js';
import { goTo } from '../afterChange.js';
import { actorOf, adminDeps } from '../consoleDeps.js';

export function disablePersonStep(deps: StepDeps): Step<'adminFresh'> {
  return async function disablePersonAccount(ctx, { signedIn }) {
    const { person } = await disablePerson(adminDeps(deps), actorOf(ctx, signedIn), ctx.params.id!);
    goTo(deps, ctx, `/admin/people/${encodeURIComponent(person.id)}`, 'person-disabled');
  };
}
