/**
 * Issuing an invitation and handing its link over, for every door (the `idp` command, the admin
 * API): the link is mailed to the invited address, or, when the caller will hand it over itself,
 * returned once. Nobody can use an invitation whose link was never delivered, so a mail that
 * fails takes the invitation back.
 */
import { createInvitation, invitationLink, type IssuedInvitation, type NewInvitationRequest } from '../access/invitations.js';
import type { AccessDeps } from '../access/deps.js';
import type { Mailer } from '../email/mailer.js';

export interface InvitationDelivery {
  issuer: string;
  /** Null: the link is returned to the caller instead of mailed. */
  mailer: Mailer | null;
}

export async function sendInvitation(
  deps: AccessDeps & InvitationDelivery,
  request: NewInvitationRequest,
): Promise<IssuedInvitation & { link: string; mailed: boolean }> {
  const issued = await createInvitation(deps, request);
  const { invitation, groups, token } = issued;
  const link = invitationLink(deps.issuer, token);
  if (!deps.mailer) return { ...issued, link, mailed: false };
  try {
    await deps.mailer.send({
      to: invitation.email,
      template: 'invitation',
      values: { link, expiresAt: invitation.expiresAt, groups: groups.map((group) => group.name).join(', '), administrator: invitation.isAdmin },
    });
  } catch (error) {
    await deps.store.invitations.remove(invitation.id);
    throw error;
  }
  return { ...issued, link, mailed: true };
}
