/**
 * GET /invite/:token — an invitation link (`idp invitations create`, `idp admins invite`): the
 * invited address (proven by the link) and the groups it joins. The invited person creates their
 * account here with a passkey, whatever SIGN_UP says. A GET changes nothing, so mail scanners
 * cannot use the link up; an expired, revoked or used link gets the plain page of `invitation_invalid`.
 */
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';
import { findOpenInvitation } from '../acceptInvitation.js';

export function showInvitation({ store, views }: StepDeps): Step<'none'> {
  return async function showInvitationPage(ctx) {
    const invitation = await findOpenInvitation(store, ctx.params.token);
    ctx.type = 'html';
    ctx.body = views.render('invitation', {
      email: invitation.email,
      groups: invitation.groupNames,
      administrator: invitation.isAdmin,
      expiresAt: invitation.expiresAt,
    });
  };
}
