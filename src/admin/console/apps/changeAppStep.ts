/**
 * POST /admin/apps/:clientId — changes an app's name, redirect and logout URIs, logo, launch URL,
 * first-party flag, allowed groups and claims (src/admin/apps.ts); its client id and secret stay.
 * A refused field is shown next to it, everything typed kept, and nothing changes.
 *
 * The form carries the version of the settings it was filled from (appPages.ts appFormVersion).
 * When someone else saved the app since, nothing changes: 409, with everything typed kept, the
 * fields now saved differently listed, and the form carrying the new version, so that saving again
 * replaces them knowingly. (Checked, then written: two saves in the same instant can still both pass.)
 */
import type { StepDeps } from '../../../steps/deps.js';
import type { Step } from '../../../steps/step.js';
import { changeApp, findAppView } from '../../apps.js';
import { goTo } from '../afterChange.js';
import { actorOf, adminDeps } from '../consoleDeps.js';
import { fieldErrorOf } from '../formInput.js';
import { appFormFields, appFormVersion, appRequestOf, showAppPage } from './appPages.js';

export const changeAppFields = { ...appFormFields, version: 'string?' } as const;

export function changeAppStep(deps: StepDeps): Step<'admin', typeof changeAppFields> {
  return async function changeAppSettings(ctx, { signedIn, fields }) {
    const clientId = ctx.params.clientId!;
    const app = await findAppView(deps.store, clientId);
    const { version, ...typed } = fields;
    // Ensure nobody saved the app since the form was filled (a form without a version is not checked, as an API PATCH without If-Match).
    if (version !== undefined && version !== appFormVersion(app)) {
      await showAppPage(deps, ctx, signedIn, app, { values: typed, status: 409, conflict: true });
      return;
    }
    try {
      await changeApp(adminDeps(deps), actorOf(ctx, signedIn), clientId, appRequestOf(typed));
    } catch (error) {
      const errors = fieldErrorOf(error, { group_not_found: 'allowedGroups', group_name_invalid: 'allowedGroups', claim_name_invalid: 'claims', claim_name_reserved: 'claims' });
      if (!errors) throw error;
      await showAppPage(deps, ctx, signedIn, app, { values: typed, errors, status: 400, version });
      return;
    }
    goTo(deps, ctx, `/admin/apps/${encodeURIComponent(clientId)}`, 'app-saved');
  };
}
