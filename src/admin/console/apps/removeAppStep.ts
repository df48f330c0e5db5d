/**
 * POST /admin/apps/:clientId/remove { confirm } — removes the app: its tokens stop working. Needs
 * the box ticked and a fresh passkey confirmation; without the box nothing is removed.
 */
import type { StepDeps } from '../../../steps/deps.js';
import type { Step } from '../../../steps/step.js';
import { deleteApp, findAppView } from '../../apps.js';
import { goTo } from '../afterChange.js';
import { actorOf, adminDeps } from '../consoleDeps.js';
import { confirmed } from '../formInput.js';
import { showAppPage } from './appPages.js';

export function removeAppStep(deps: StepDeps): Step<'adminFresh', { confirm: 'string?' }> {
  return async function removeApp(ctx, { signedIn, fields }) {
    const clientId = ctx.params.clientId!;
    const app = await findAppView(deps.store, clientId);
    const refused = confirmed(fields.confirm);
    if (refused) {
      await showAppPage(deps, ctx, signedIn, app, { errors: refused, status: 400 });
      return;
    }
    await deleteApp(adminDeps(deps), actorOf(ctx, signedIn), clientId);
    goTo(deps, ctx, '/admin/apps', 'app-removed');
  };
}
