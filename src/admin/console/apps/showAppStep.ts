/** GET /admin/apps/:clientId — an app's summary (never its secret), its settings, rotation and removal. */
import type { StepDeps } from '../../../steps/deps.js';
import type { Step } from '../../../steps/step.js';
import { findAppView } from '../../apps.js';
import { showAppPage } from './appPages.js';

export function showAppStep(deps: StepDeps): Step<'admin'> {
  return async function showApp(ctx, { signedIn }) {
    await showAppPage(deps, ctx, signedIn, await findAppView(deps.store, ctx.params.clientId!));
  };
}
