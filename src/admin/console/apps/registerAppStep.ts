/**
 * POST /admin/apps — registers an app (src/admin/apps.ts) and shows its copy-ready summary with
 * the secret, this once: it is not stored in a form anyone can read back. A refused field is shown
 * next to the field, with everything typed kept, and nothing is registered.
 */
import { t } from '../../../i18n/t.js';
import type { StepDeps } from '../../../steps/deps.js';
import type { Step } from '../../../steps/step.js';
import { createApp } from '../../apps.js';
import { actorOf, adminDeps } from '../consoleDeps.js';
import { fieldErrorOf, ticked } from '../formInput.js';
import { showConsolePage } from '../showPage.js';
import { appFormFields, appRequestOf, showNewAppForm, summaryOf } from './appPages.js';

export const registerAppFields = { ...appFormFields, isPublic: 'string?' } as const;

export function registerAppStep(deps: StepDeps): Step<'admin', typeof registerAppFields> {
  return async function registerApp(ctx, { signedIn, fields }) {
    let registered;
    try {
      registered = await createApp(adminDeps(deps), actorOf(ctx, signedIn), { ...appRequestOf(fields), isPublic: ticked(fields.isPublic) });
    } catch (error) {
      const errors = fieldErrorOf(error, { group_not_found: 'allowedGroups', group_name_invalid: 'allowedGroups', claim_name_invalid: 'claims', claim_name_reserved: 'claims' });
      if (!errors) throw error;
      await showNewAppForm(deps, ctx, signedIn, { values: fields, errors, status: 400 });
      return;
    }
    const { app, clientSecret, warnings } = registered;
    showConsolePage(deps, ctx, signedIn, 'app-created', { section: 'apps', heading: t('console.appCreated.heading') }, {
      app, secret: clientSecret, warnings, summary: summaryOf(deps.settings.issuer, app, clientSecret),
    });
  };
}
