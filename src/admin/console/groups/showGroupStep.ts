/** GET /admin/groups/:name — a group's members, its settings, and its removal. */
import type { StepDeps } from '../../../steps/deps.js';
import type { Step } from '../../../steps/step.js';
import { showGroupPage } from './groupPages.js';

export function showGroupStep(deps: StepDeps): Step<'admin'> {
  return async function showGroup(ctx, { signedIn }) {
    await showGroupPage(deps, ctx, signedIn, ctx.params.name!);
  };
}
