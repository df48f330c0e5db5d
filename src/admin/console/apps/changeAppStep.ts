/**
 * POST /admin/apps/:clientId — changes an app's name, redirect and logout URIs, logo, launch URL,
 * first-party flag, allowed groups and claims (src/admin/apps.ts); its client id and secret stay.
 * A refused field is shown next to it, everything typed kept, and nothing changes.
 */
import type { StepDeps } from '../../../steps/deps.js';
import type { Step } from '../../../steps/step.js';
import { changeApp, findAppView } from '../../apps.js';
import { goTo } from '../afterChange.js';
import { actorOf, adminDeps } from '../consoleDeps.js';
import { fieldErrorOf } from '../formInput.js';
import { appFormFields, appRequestOf, showAppPage } from './appPages.js';

export function changeAppStep(deps: StepDeps): Step<'admin', typeof appFormFields> {
  return async function changeAppSettings(ctx, { signedIn, fields }) {
    const clientId = ctx.params.clientId!;
    const app = await findAppView(deps.store, clientId);
    try {
      await changeApp(adminDeps(deps), actorOf(ctx, signedIn), clientId, appRequestOf(fields));
    } catch (error) {
      const errors = fieldErrorOf(error, { group_not_found: 'allowedGroups', group_name_invalid: 'allowedGroups', claim_name_invalid: 'claims', claim_name_reserved: 'claims' });
      if (!errors) throw error;
      await showAppPage(deps, ctx, signedIn, app, { values: fields, errors, status: 400 });
      return;
    }
    goTo(deps, ctx, `/admin/apps/${encodeURIComponent(clientId)}`, 'app-saved');
  };
}
