/**
 * POST /admin/invitations { email, groups, expires, delivery, administrator } — invites someone into
 * groups (src/admin/invitations.ts): the link is mailed to the address, or shown here this once for
 * the administrator to hand over. A refused field is shown next to it with what was typed; no
 * invitation is made.
 */
import { parseDuration } from '../../../access/duration.js';
import type { StepDeps } from '../../../steps/deps.js';
import type { Step } from '../../../steps/step.js';
import { invite } from '../../invitations.js';
import { goTo } from '../afterChange.js';
import { actorOf, adminDeps } from '../consoleDeps.js';
import { fieldErrorOf, names, ticked } from '../formInput.js';
import { showInvitationsPage } from './invitationsPage.js';

export const invitationFields = { email: 'string', groups: 'string?', expires: 'string?', delivery: 'string?', administrator: 'string?' } as const;

export function inviteStep(deps: StepDeps): Step<'admin', typeof invitationFields> {
  return async function inviteSomeone(ctx, { signedIn, fields }) {
    const mail = fields.delivery !== 'link';
    let issued;
    try {
      const expiresInMs = fields.expires ? parseDuration(fields.expires) : undefined;
      issued = await invite(adminDeps(deps), actorOf(ctx, signedIn), {
        email: fields.email, groups: names(fields.groups), isAdmin: ticked(fields.administrator), expiresInMs, mail,
      });
    } catch (error) {
      const errors = fieldErrorOf(error, {
        email_invalid: 'email', email_has_account: 'email', group_not_found: 'groups', group_name_invalid: 'groups', duration_invalid: 'expires',
      });
      if (!errors) throw error;
      await showInvitationsPage(deps, ctx, signedIn, { values: fields, errors, status: 400 });
      return;
    }
    if (mail) {
      goTo(deps, ctx, '/admin/invitations', 'invitation-mailed');
      return;
    }
    await showInvitationsPage(deps, ctx, signedIn, { link: issued.link, invited: issued.invitation.email });
  };
}
