/**
 * POST /admin/people/:id/remove { confirm } — removes the account, its passkeys and its sessions.
 * Needs the box ticked and a fresh passkey confirmation; without the box nothing is removed.
 */
import type { StepDeps } from '../../../steps/deps.js';
import type { Step } from '../../../steps/step.js';
import { removePerson } from '../../people.js';
import { goTo } from '../afterChange.js';
import { actorOf, adminDeps } from '../consoleDeps.js';
import { confirmed } from '../formInput.js';
import { showPersonPage } from './personPage.js';

export function removePersonStep(deps: StepDeps): Step<'adminFresh', { confirm: 'string?' }> {
  return async function removePersonAccount(ctx, { signedIn, fields }) {
    const refused = confirmed(fields.confirm);
    if (refused) {
      await showPersonPage(deps, ctx, signedIn, ctx.params.id!, { errors: refused, status: 400 });
      return;
    }
    await removePerson(adminDeps(deps), actorOf(ctx, signedIn), ctx.params.id!);
    goTo(deps, ctx, '/admin/people', 'person-removed');
  };
}
