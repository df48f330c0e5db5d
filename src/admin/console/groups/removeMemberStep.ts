/**
 * POST /admin/groups/:name/members/remove { id } — takes the person out of the group; they are told
 * of the apps they can no longer sign in to (src/admin/groups.ts).
 */
import type { StepDeps } from '../../../steps/deps.js';
import type { Step } from '../../../steps/step.js';
import { removeGroupMember } from '../../groups.js';
import { goTo } from '../afterChange.js';
import { actorOf, adminDeps } from '../consoleDeps.js';
import { groupPath } from './groupPages.js';

export function removeMemberStep(deps: StepDeps): Step<'admin', { id: 'string' }> {
  return async function removeMember(ctx, { signedIn, fields }) {
    const name = ctx.params.name!;
    await removeGroupMember(adminDeps(deps), actorOf(ctx, signedIn), { group: name, personId: fields.id });
    goTo(deps, ctx, groupPath(name), 'member-removed');
  };
}
