/**
 * POST /interaction/:uid/backup-passkey/options — creation options for the account just made.
 */
import { interactionBinding } from '../../ceremonies/bindings.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';
import { startAddingPasskey } from '../addPasskey.js';
import { signedUpBy } from '../backupOffer.js';

export function startBackupPasskey(deps: StepDeps): Step<'interaction'> {
  return async function startBackupPasskeyStep(ctx, { interaction }) {
    const person = await signedUpBy(deps.store, interaction);
    ctx.body = await startAddingPasskey(deps, { binding: interactionBinding(interaction.uid), person });
  };
}
