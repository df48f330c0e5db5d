/**
 * POST /interaction/:uid/backup-passkey { response } — the backup passkey is added; the answer says
 * where the sign-in continues.
 */
import { auditRequest } from '../../audit/auditRequest.js';
import { interactionBinding } from '../../ceremonies/bindings.js';
import { describeBrowser } from '../../passkeys/describeBrowser.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';
import { finishAddingPasskey } from '../addPasskey.js';
import { signedUpBy } from '../backupOffer.js';
import { passkeyName } from '../describePasskeys.js';

export function finishBackupPasskey(deps: StepDeps): Step<'interaction', { response: 'object' }> {
  return async function finishBackupPasskeyStep(ctx, { interaction, fields: { response } }) {
    const person = await signedUpBy(deps.store, interaction);
    const credential = await finishAddingPasskey(deps, {
      binding: interactionBinding(interaction.uid),
      person,
      response,
      createdIn: describeBrowser(ctx.get('User-Agent')),
    });
    await auditRequest(deps, ctx, { type: 'passkey_added', personId: person.id, email: person.email, detail: { credentialId: credential.id, name: passkeyName(credential), via: 'backup offer' } });
    ctx.body = { added: true, name: passkeyName(credential), redirectTo: interaction.returnTo };
  };
}
