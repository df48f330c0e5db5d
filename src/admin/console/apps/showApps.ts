/** GET /admin/apps — every app, by name, with its client id and who may use it. Changes nothing. */
import { t } from '../../../i18n/t.js';
import type { StepDeps } from '../../../steps/deps.js';
import type { Step } from '../../../steps/step.js';
import { listAppViews } from '../../apps.js';
import { showConsolePage } from '../showPage.js';

export function showApps(deps: StepDeps): Step<'admin'> {
  return async function showAppsPage(ctx, { signedIn }) {
    showConsolePage(deps, ctx, signedIn, 'apps', { section: 'apps', heading: t('console.apps.heading') }, { apps: await listAppViews(deps.store) });
  };
}
