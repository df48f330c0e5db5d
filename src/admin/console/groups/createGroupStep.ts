/**
 * POST /admin/groups { name, description, isDefault } — a new group (src/admin/groups.ts). A refused
 * name or description is shown next to its field with what was typed; nothing is created.
 */
import type { StepDeps } from '../../../steps/deps.js';
import type { Step } from '../../../steps/step.js';
import { newGroup } from '../../groups.js';
import { goTo } from '../afterChange.js';
import { actorOf, adminDeps } from '../consoleDeps.js';
import { fieldErrorOf, optional, ticked } from '../formInput.js';
import { groupPath, showGroupsPage } from './groupPages.js';

export const groupFields = { name: 'string', description: 'string?', isDefault: 'string?' } as const;

export function createGroupStep(deps: StepDeps): Step<'admin', typeof groupFields> {
  return async function createGroup(ctx, { signedIn, fields }) {
    let group;
    try {
      group = await newGroup(adminDeps(deps), actorOf(ctx, signedIn), { name: fields.name, description: optional(fields.description), isDefault: ticked(fields.isDefault) });
    } catch (error) {
      const errors = fieldErrorOf(error, { group_name_invalid: 'name', group_taken: 'name', profile_invalid: 'description' });
      if (!errors) throw error;
      await showGroupsPage(deps, ctx, signedIn, { values: fields, errors, status: 400 });
      return;
    }
    goTo(deps, ctx, groupPath(group.name), 'group-created');
  };
}
