/** POST /admin/people/:id/enable — lets a disabled account sign in again. */
import type { StepDeps } from '../../../steps/deps.js';
import type { Step } from '../../../steps/step.js';
import { enablePerson } from '../../people.js';
import { goTo } from '../afterChange.js';
import { actorOf, adminDeps } from '../consoleDeps.js';

export function enablePersonStep(deps: StepDeps): Step<'admin'> {
  return async function enablePersonAccount(ctx, { signedIn }) {
    const { person } = await enablePerson(adminDeps(deps), actorOf(ctx, signedIn), ctx.params.id!);
    goTo(deps, ctx, `/admin/people/${encodeURIComponent(person.id)}`, 'person-enabled');
  };
}
