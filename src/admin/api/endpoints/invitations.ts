/**
 * /invitations: single-use links to create an account, always mailed to the invited address
 * (the API never returns a link: whoever holds it can create the account).
 */
import { z } from 'zod';

import { parseDuration } from '../../../access/duration.js';
import { listInvitations, type InvitationSummary } from '../../../access/invitations.js';
import { invite, withdrawInvitation } from '../../invitations.js';
import { endpoint } from '../endpoint.js';
import { invitationParams, invitationSchema, issuedInvitationSchema, newInvitationSchema } from '../schemas.js';

function invitationJson(invitation: InvitationSummary): z.infer<typeof invitationSchema> {
  return {
    id: invitation.id,
    email: invitation.email,
    administrator: invitation.isAdmin,
    groups: invitation.groupNames,
    createdAt: invitation.createdAt.toISOString(),
    expiresAt: invitation.expiresAt.toISOString(),
  };
}

const tag = 'Invitations';

export const invitationEndpoints = [
  endpoint({
    method: 'get', path: '/invitations', operationId: 'listInvitations', summary: 'List open invitations (never their links)', tag,
    success: { status: 200, description: 'Open invitations, oldest first', schema: z.object({ invitations: z.array(invitationSchema) }) },
    async handle(_request, { store }) {
      return { body: { invitations: (await listInvitations(store)).map(invitationJson) } };
    },
  }),
  endpoint({
    method: 'post', path: '/invitations', operationId: 'createInvitation', summary: 'Invite someone: the link is mailed to them', tag,
    body: newInvitationSchema,
    success: { status: 201, description: 'The invitation', schema: issuedInvitationSchema },
    async handle({ body, who }, deps) {
      const issued = await invite(deps, who, {
        email: body.email, groups: body.groups, isAdmin: body.administrator ?? false,
        expiresInMs: body.expires === undefined ? undefined : parseDuration(body.expires), mail: true,
      });
      return { body: { invitation: invitationJson({ ...issued.invitation, groupNames: issued.groups.map((group) => group.name) }), mailed: issued.mailed } };
    },
  }),
  endpoint({
    method: 'delete', path: '/invitations/{id}', operationId: 'revokeInvitation', summary: 'Revoke an open invitation: its link stops working', tag,
    params: invitationParams,
    success: { status: 204, description: 'Revoked' },
    async handle({ params, who }, deps) {
      await withdrawInvitation(deps, who, params.id);
      return {};
    },
  }),
];
