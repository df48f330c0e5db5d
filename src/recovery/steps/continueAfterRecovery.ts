/**
 * POST /interaction/:uid/recovered { token } — the app's sign-in continues, signed in, in the
 * browser that started it AND finished the recovery (../continueSignIn.ts).
 */
import { signInAccount } from '../../interactions/signInAccount.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';
import { takeContinuation } from '../continueSignIn.js';

export function continueAfterRecovery({ store, now }: StepDeps): Step<'interaction', { token: 'string' }> {
  return async function continueAfterRecoveryStep(ctx, { interaction, fields: { token } }) {
    const { personId, backupEligible } = await takeContinuation(store, { interactionUid: interaction.uid, token });
    ctx.body = { redirectTo: await signInAccount(interaction, personId, { backupEligible }, now()) };
  };
}
