/** POST /admin/groups/:name/settings { description, isDefault } — a group's description and whether new accounts join it. */
import type { StepDeps } from '../../../steps/deps.js';
import type { Step } from '../../../steps/step.js';
import { changeGroup } from '../../groups.js';
import { goTo } from '../afterChange.js';
import { actorOf, adminDeps } from '../consoleDeps.js';
import { fieldErrorOf, optional, ticked } from '../formInput.js';
import { groupPath, showGroupPage } from './groupPages.js';

export function changeGroupStep(deps: StepDeps): Step<'admin', { description: 'string?'; isDefault: 'string?' }> {
  return async function changeGroupSettings(ctx, { signedIn, fields }) {
    const name = ctx.params.name!;
    let group;
    try {
      group = await changeGroup(adminDeps(deps), actorOf(ctx, signedIn), name, { description: optional(fields.description), isDefault: ticked(fields.isDefault) });
    } catch (error) {
      const errors = fieldErrorOf(error, { profile_invalid: 'description' });
      if (!errors) throw error;
      await showGroupPage(deps, ctx, signedIn, name, { values: { description: fields.description, isDefault: fields.isDefault }, errors, status: 400 });
      return;
    }
    goTo(deps, ctx, groupPath(group.name), 'group-saved');
  };
}
