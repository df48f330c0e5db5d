/** POST /admin/invitations/:id/revoke — the invitation's link stops working. */
import type { StepDeps } from '../../../steps/deps.js';
import type { Step } from '../../../steps/step.js';
import { withdrawInvitation } from '../../invitations.js';
import { goTo } from '../afterChange.js';
import { actorOf, adminDeps } from '../consoleDeps.js';

export function revokeInvitationStep(deps: StepDeps): Step<'admin'> {
  return async function revokeInvitation(ctx, { signedIn }) {
    await withdrawInvitation(adminDeps(deps), actorOf(ctx, signedIn), ctx.params.id!);
    goTo(deps, ctx, '/admin/invitations', 'invitation-revoked');
  };
}
