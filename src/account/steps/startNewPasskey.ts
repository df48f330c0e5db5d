/**
 * POST /account/passkeys/options — creation options for another passkey of the signed-in account
 * (a sensitive action: its row's guard is `fresh`).
 */
import { sessionBinding } from '../../ceremonies/bindings.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';
import { startAddingPasskey } from '../addPasskey.js';

export function startNewPasskey(deps: StepDeps): Step<'fresh'> {
  return async function startNewPasskeyStep(ctx, { signedIn }) {
    ctx.body = await startAddingPasskey(deps, { binding: sessionBinding(signedIn.session), person: signedIn.person });
  };
}
