/** GET /admin/apps/new — the form to register an app. Changes nothing. */
import type { StepDeps } from '../../../steps/deps.js';
import type { Step } from '../../../steps/step.js';
import { showNewAppForm } from './appPages.js';

export function showNewApp(deps: StepDeps): Step<'admin'> {
  return async function showNewAppPage(ctx, { signedIn }) {
    await showNewAppForm(deps, ctx, signedIn);
  };
}
