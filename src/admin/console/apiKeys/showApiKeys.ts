/** GET /admin/api-keys — the admin API's keys and the form for a new one. */
import type { StepDeps } from '../../../steps/deps.js';
import type { Step } from '../../../steps/step.js';
import { showApiKeysPage } from './apiKeysPage.js';

export function showApiKeys(deps: StepDeps): Step<'admin'> {
  return async function showApiKeysList(ctx, { signedIn }) {
    await showApiKeysPage(deps, ctx, signedIn);
  };
}
