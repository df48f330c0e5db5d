/**
 * POST /admin/groups/:name/remove { confirm } — removes the group and every membership in it. Needs
 * the box ticked and a fresh passkey confirmation.
 */
import type { StepDeps } from '../../../steps/deps.js';
import type { Step } from '../../../steps/step.js';
import { deleteGroup } from '../../groups.js';
import { goTo } from '../afterChange.js';
import { actorOf, adminDeps } from '../consoleDeps.js';
import { confirmed } from '../formInput.js';
import { showGroupPage } from './groupPages.js';

export function removeGroupStep(deps: StepDeps): Step<'adminFresh', { confirm: 'string?' }> {
  return async function removeGroup(ctx, { signedIn, fields }) {
    const name = ctx.params.name!;
    const refused = confirmed(fields.confirm);
    if (refused) {
      await showGroupPage(deps, ctx, signedIn, name, { errors: refused, status: 400 });
      return;
    }
    await deleteGroup(adminDeps(deps), actorOf(ctx, signedIn), name);
    goTo(deps, ctx, '/admin/groups', 'group-removed');
  };
}
