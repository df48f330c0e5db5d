/**
 * POST /invite/:token/passkey { ceremony, response } — the invitation is used up, the account
 * created (../acceptInvitation.ts), this browser signed in; answers { redirectTo: '/account' }.
 */
import { auditRequest } from '../../audit/auditRequest.js';
import { invitationBinding } from '../../ceremonies/bindings.js';
import { describeBrowser } from '../../passkeys/describeBrowser.js';
import { finishRegistration } from '../../passkeys/finishRegistration.js';
import { startSession } from '../../sessions/accountSession.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';
import { acceptInvitation } from '../acceptInvitation.js';
import { AccessError } from '../errors.js';

const CEREMONY_ID = /^[A-Za-z0-9_-]{22}$/;

export function finishInvitedPasskey(deps: StepDeps): Step<'none', { ceremony: 'string'; response: 'object' }> {
  return async function finishInvitedPasskeyStep(ctx, { fields: { ceremony: ceremonyId, response } }) {
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
    await auditRequest(deps, ctx, {
      type: 'sign_up', personId: account.person.id, email: account.person.email,
      detail: { credentialId: account.credential.id, via: 'invitation', administrator: account.person.isAdmin },
    });
    await startSession(deps, ctx, account.person, account.credential);
    ctx.body = { redirectTo: '/account' };
  };
}
