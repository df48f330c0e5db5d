/** GET /admin/people/:id — one person: address, name, status, groups, passkeys, and the actions on their account. */
import type { StepDeps } from '../../../steps/deps.js';
import type { Step } from '../../../steps/step.js';
import { showPersonPage } from './personPage.js';

export function showPersonStep(deps: StepDeps): Step<'admin'> {
  return async function showPerson(ctx, { signedIn }) {
    await showPersonPage(deps, ctx, signedIn, ctx.params.id!);
  };
}
