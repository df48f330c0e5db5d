/**
 * POST /interaction/:uid/signup/code { code } — the mailed code proves the address; the answer is
 * the passkey creation options for the account to be, which exists only once the passkey is made.
 */
import { checkOpenSignUp } from '../../access/signUpPolicy.js';
import { interactionBinding } from '../../ceremonies/bindings.js';
import { startRegistration } from '../../passkeys/startRegistration.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';
import { confirmSignUpCode } from '../confirmSignUpCode.js';
import { newIdentity } from '../../access/newIdentity.js';

export function confirmSignUp({ store, passkeys, settings }: StepDeps): Step<'interaction', { code: 'string' }> {
  return async function confirmSignUpStep(ctx, { interaction, fields: { code } }) {
    const binding = interactionBinding(interaction.uid);
    const proven = await confirmSignUpCode(store, { binding, code });
    // The policy may have changed (a restart with another SIGN_UP) since the code was mailed.
    checkOpenSignUp(settings, proven.email);
    const identity = newIdentity();
    ctx.body = {
      next: 'passkey',
      options: await startRegistration(passkeys, {
        kind: 'sign-up-passkey',
        binding,
        user: { webauthnUserId: identity.webauthnUserId, email: proven.email, name: proven.name },
        personId: null,
        state: { ...identity, email: proven.email, name: proven.name },
      }),
    };
  };
}
