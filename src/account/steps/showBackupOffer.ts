/**
 * GET /interaction/:uid/backup-passkey — the offer of a backup passkey right after sign-up
 * (../backupOffer.ts); "Not now" continues to the app. Changes nothing.
 */
import { t } from '../../i18n/t.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';
import { signedUpBy } from '../backupOffer.js';

export function showBackupOffer({ provider, store, views }: StepDeps): Step<'interaction'> {
  return async function showBackupOfferPage(ctx, { interaction }) {
    // Offered only to the account this sign-in just created.
    await signedUpBy(store, interaction);
    const client = await provider.Client.find(String(interaction.params.client_id));
    ctx.type = 'html';
    ctx.body = views.render('account-backup', {
      uid: interaction.uid,
      clientName: client?.clientName ?? t('common.unknownApp'),
      continueTo: interaction.returnTo,
    });
  };
}
