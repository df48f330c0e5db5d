/** GET /admin/groups — every group with its members and default flag, and the form for a new one. */
import type { StepDeps } from '../../../steps/deps.js';
import type { Step } from '../../../steps/step.js';
import { showGroupsPage } from './groupPages.js';

export function showGroups(deps: StepDeps): Step<'admin'> {
  return async function showGroupsList(ctx, { signedIn }) {
    await showGroupsPage(deps, ctx, signedIn);
  };
}
