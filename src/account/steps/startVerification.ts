/**
 * POST /account/verify/options — a fresh confirmation with a passkey before a sensitive action
 * (src/sessions/freshVerification.ts): a challenge for the signed-in account's own passkeys. The
 * ceremony is bound to the session and started for the account, so only a passkey of the signed-in
 * person answers it (verifyAssertion refuses another account's as `wrong_account`).
 */
import { sessionBinding } from '../../ceremonies/bindings.js';
import { startAuthentication } from '../../passkeys/startAuthentication.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';

export function startVerification({ store, passkeys }: StepDeps): Step<'signedIn'> {
  return async function startVerificationStep(ctx, { signedIn }) {
    ctx.body = await startAuthentication(passkeys, {
      kind: 'fresh-verification',
      binding: sessionBinding(signedIn.session),
      personId: signedIn.person.id,
      allowCredentials: await store.credentials.listByPerson(signedIn.person.id),
    });
  };
}
