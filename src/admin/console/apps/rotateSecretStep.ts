/**
 * POST /admin/apps/:clientId/secret { overlap } — a new client secret, shown this once; with an
 * overlap (1h, 1d, 7d) the old one keeps working until the app is redeployed. Guarded by a fresh
 * passkey confirmation: the old secret may stop at once.
 */
import { t } from '../../../i18n/t.js';
import type { StepDeps } from '../../../steps/deps.js';
import type { Step } from '../../../steps/step.js';
import { findAppView, rotateSecret } from '../../apps.js';
import { actorOf, adminDeps } from '../consoleDeps.js';
import { fieldErrorOf, optional } from '../formInput.js';
import { showConsolePage } from '../showPage.js';
import { showAppPage, summaryOf } from './appPages.js';

export function rotateSecretStep(deps: StepDeps): Step<'adminFresh', { overlap: 'string?' }> {
  return async function rotateAppSecret(ctx, { signedIn, fields }) {
    const clientId = ctx.params.clientId!;
    const app = await findAppView(deps.store, clientId);
    let rotated;
    try {
      rotated = await rotateSecret(adminDeps(deps), actorOf(ctx, signedIn), clientId, optional(fields.overlap) ?? undefined);
    } catch (error) {
      const errors = fieldErrorOf(error, { duration_invalid: 'overlap' });
      if (!errors) throw error;
      await showAppPage(deps, ctx, signedIn, app, { values: { overlap: fields.overlap }, errors, status: 400 });
      return;
    }
    showConsolePage(deps, ctx, signedIn, 'app-secret', { section: 'apps', heading: t('console.appSecret.heading') }, {
      app, secret: rotated.clientSecret, previousSecretExpiresAt: rotated.previousSecretExpiresAt,
      summary: summaryOf(deps.settings.issuer, app, rotated.clientSecret),
    });
  };
}
