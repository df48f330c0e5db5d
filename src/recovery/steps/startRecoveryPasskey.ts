/**
 * POST /recover/:token/options — passkey creation options for the link's account (the link
 * itself is used up only when the passkey is added).
 */
import { startRegistration } from '../../passkeys/startRegistration.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';
import { findRecoveryLink } from '../findRecoveryLink.js';

export function startRecoveryPasskey({ store, passkeys }: StepDeps): Step<'none'> {
  return async function startRecoveryPasskeyStep(ctx) {
    const { binding, person } = await findRecoveryLink(store, ctx.params.token);
    const existing = await store.credentials.listByPerson(person.id);
    ctx.body = await startRegistration(passkeys, {
      kind: 'new-passkey',
      binding,
      user: { webauthnUserId: person.webauthnUserId, email: person.email, name: person.name },
      personId: person.id,
      excludeCredentialIds: existing.map((credential) => credential.id),
      state: {},
    });
  };
}
