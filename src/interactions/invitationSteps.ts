/**
 * An invitation link (`idp invitations create`, `idp admins invite`): the invited person creates
 * their account with a passkey, whatever SIGN_UP says.
 *   GET  /invite/:token           the page: the invited address (proven by the link), the groups it
 *                                 joins; a GET changes nothing, so mail scanners cannot use it up
 *   POST /invite/:token/options   { name? } → { ceremony, options }: passkey creation options for a
 *                                 new identity, bound to this link and to a random ceremony id
 *   POST /invite/:token/passkey   { ceremony, response } → the invitation is used up, the account
 *                                 created (src/access/acceptInvitation.ts), this browser signed in;
 *                                 answers { redirectTo: '/account' }
 * An expired, revoked or used link gets the plain page of `invitation_invalid`.
 */
import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';

import { acceptInvitation } from '../access/acceptInvitation.js';
import { AccessError } from '../access/errors.js';
import { findInvitation } from '../access/invitations.js';
import { startSession } from '../account/steps/accountSession.js';
import { checkName } from '../accounts/checkProfile.js';
import { auditRequest } from '../audit/auditRequest.js';
import { newIdentity } from '../accounts/newIdentity.js';
import { invitationBinding } from '../ceremonies/bindings.js';
import { formatTime } from '../formatTime.js';
import { readFields } from '../http/readBody.js';
import { describeBrowser } from '../passkeys/describeBrowser.js';
import { finishRegistration } from '../passkeys/finishRegistration.js';
import { startRegistration } from '../passkeys/startRegistration.js';
import type { InteractionDeps } from './deps.js';

const CEREMONY_ID = /^[A-Za-z0-9_-]{22}$/;

async function openInvitation({ store }: InteractionDeps, token: string) {
  const invitation = await findInvitation(store, token);
  if (await store.people.findByEmail(invitation.email)) throw new AccessError('email_has_account', `invitation ${invitation.id}`);
  return invitation;
}

export function showInvitation(deps: InteractionDeps) {
  return async function showInvitationPage(ctx: Context): Promise<void> {
    const invitation = await openInvitation(deps, ctx.params.token);
    ctx.type = 'html';
    ctx.body = deps.views.render('invitation', {
      title: 'Create your account',
      email: invitation.email,
      groups: invitation.groupNames,
      administrator: invitation.isAdmin,
      expiresAt: invitation.expiresAt,
      formatTime,
    });
  };
}

export function startInvitedPasskey(deps: InteractionDeps) {
  return async function startInvitedPasskeyStep(ctx: Context): Promise<void> {
    const fields = await readFields(ctx, { name: 'string?' });
    const name = checkName(fields.name);
    const invitation = await openInvitation(deps, ctx.params.token);
    const identity = newIdentity();
    const ceremony = randomBytes(16).toString('base64url');
    const options = await startRegistration(deps.passkeys, {
      kind: 'invitation-passkey',
      binding: invitationBinding(ctx.params.token, ceremony),
      user: { webauthnUserId: identity.webauthnUserId, email: invitation.email, name },
      personId: null,
      state: { ...identity, name },
    });
    ctx.body = { ceremony, options };
  };
}

export function finishInvitedPasskey(deps: InteractionDeps) {
  return async function finishInvitedPasskeyStep(ctx: Context): Promise<void> {
    const { ceremony: ceremonyId, response } = await readFields(ctx, { ceremony: 'string', response: 'object' });
    if (!CEREMONY_ID.test(ceremonyId)) throw new AccessError('invitation_invalid', 'malformed ceremony id');
    const { ceremony, credential } = await finishRegistration(deps.passkeys, {
      kind: 'invitation-passkey',
      binding: invitationBinding(ctx.params.token, ceremonyId),
      response,
      createdIn: describeBrowser(ctx.get('User-Agent')),
    });
    const { id, webauthnUserId, name } = ceremony.state;
    const account = await acceptInvitation(deps.store, { token: ctx.params.token, identity: { id, webauthnUserId }, name, credential });
    deps.log.info('invitation.accepted', { personId: account.person.id, administrator: account.person.isAdmin, groups: account.groups });
    await startSession(deps, ctx, account.person, account.credential);
    await auditRequest(deps, ctx, {
      type: 'sign_up', personId: account.person.id, email: account.person.email,
      detail: { credentialId: account.credential.id, via: 'invitation', administrator: account.person.isAdmin },
    });
    ctx.body = { redirectTo: '/account' };
  };
}
