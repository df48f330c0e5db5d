/**
 * POST /invite/:token/options { name? } → { ceremony, options }: passkey creation options for a new
 * identity, bound to this link and to a random ceremony id (each browser that opens the link starts
 * its own; the invitation itself decides who wins).
 */
import { randomBytes } from 'node:crypto';

import { checkName } from '../checkProfile.js';
import { invitationBinding } from '../../ceremonies/bindings.js';
import { startRegistration } from '../../passkeys/startRegistration.js';
import { newIdentity } from '../../access/newIdentity.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';
import { findOpenInvitation } from '../acceptInvitation.js';

export function startInvitedPasskey({ store, passkeys }: StepDeps): Step<'none', { name: 'string?' }> {
  return async function startInvitedPasskeyStep(ctx, { fields }) {
    const name = checkName(fields.name);
    const invitation = await findOpenInvitation(store, ctx.params.token);
    const identity = newIdentity();
    const ceremony = randomBytes(16).toString('base64url');
    const options = await startRegistration(passkeys, {
      kind: 'invitation-passkey',
      binding: invitationBinding(ctx.params.token, ceremony),
      user: { webauthnUserId: identity.webauthnUserId, email: invitation.email, name },
      personId: null,
      state: { ...identity, name },
    });
    ctx.body = { ceremony, options };
  };
}
