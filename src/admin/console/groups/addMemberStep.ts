/**
 * POST /admin/groups/:name/members { email } — adds the person with that address to the group. An
 * address with no account is refused next to the field, with what was typed; nothing changes.
 */
import { findPersonByEmail } from '../../../access/people.js';
import type { StepDeps } from '../../../steps/deps.js';
import type { Step } from '../../../steps/step.js';
import { addGroupMember } from '../../groups.js';
import { goTo } from '../afterChange.js';
import { actorOf, adminDeps } from '../consoleDeps.js';
import { fieldErrorOf } from '../formInput.js';
import { groupPath, showGroupPage } from './groupPages.js';

export function addMemberStep(deps: StepDeps): Step<'admin', { email: 'string' }> {
  return async function addMember(ctx, { signedIn, fields }) {
    const name = ctx.params.name!;
    try {
      const person = await findPersonByEmail(deps.store, fields.email);
      await addGroupMember(adminDeps(deps), actorOf(ctx, signedIn), { group: name, personId: person.id });
    } catch (error) {
      const errors = fieldErrorOf(error, { person_not_found: 'email', email_invalid: 'email' });
      if (!errors) throw error;
      await showGroupPage(deps, ctx, signedIn, name, { values: { email: fields.email }, errors, status: 400 });
      return;
    }
    goTo(deps, ctx, groupPath(name), 'member-added');
  };
}
