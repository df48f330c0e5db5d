/** POST /admin/people/:id/end-sessions — signs the person out everywhere and revokes their tokens. */
import type { StepDeps } from '../../../steps/deps.js';
import type { Step } from '../../../steps/step.js';
import { endSessionsOf } from '../../people.js';
import { goTo } from '../afterChange.js';
import { actorOf, adminDeps } from '../consoleDeps.js';

export function endSessionsStep(deps: StepDeps): Step<'admin'> {
  return async function endSessionsOfPerson(ctx, { signedIn }) {
    const { person } = await endSessionsOf(adminDeps(deps), actorOf(ctx, signedIn), ctx.params.id!);
    goTo(deps, ctx, `/admin/people/${encodeURIComponent(person.id)}`, 'sessions-ended');
  };
}
