/**
 * The pages of one app in the console: its copy-ready summary (what the app's developers configure),
 * the form of its settings, and the page after a change, each with what the admin typed kept on an error.
 */
import { createHash } from 'node:crypto';

import type { Context } from 'koa';

import { listGroups } from '../../../access/groups.js';
import { linkTo } from '../../../email/links.js';
import { t } from '../../../i18n/t.js';
import type { SignedIn } from '../../../sessions/accountSession.js';
import type { StepDeps } from '../../../steps/deps.js';
import type { AppChanges } from '../../../clients/relyingApps.js';
import type { AppAccessRequest, AppView } from '../../apps.js';
import { lines, names, optional, ticked, type FieldErrors } from '../formInput.js';
import { showConsolePage } from '../showPage.js';

/** The fields of the app form, as the browser sends them (all but `name` may be missing). */
export const appFormFields = {
  name: 'string',
  redirectUris: 'string?',
  postLogoutRedirectUris: 'string?',
  logoUri: 'string?',
  launchUri: 'string?',
  firstParty: 'string?',
  allowedGroups: 'string?',
  claims: 'string?',
} as const;

export type AppForm = { [K in keyof typeof appFormFields]: (typeof appFormFields)[K] extends 'string' ? string : string | undefined };

export function appRequestOf(form: AppForm): Required<Pick<AppChanges, 'name' | 'redirectUris' | 'postLogoutRedirectUris' | 'logoUri' | 'launchUri' | 'firstParty'>> & AppAccessRequest {
  const groups = names(form.allowedGroups);
  return {
    name: form.name,
    redirectUris: lines(form.redirectUris),
    postLogoutRedirectUris: lines(form.postLogoutRedirectUris),
    logoUri: optional(form.logoUri),
    launchUri: optional(form.launchUri),
    firstParty: ticked(form.firstParty),
    allowedGroups: groups.length ? groups : null,
    claims: names(form.claims),
  };
}

export function appFormValues(app: AppView): Record<string, string> {
  return {
    name: app.name,
    redirectUris: app.redirectUris.join('\n'),
    postLogoutRedirectUris: app.postLogoutRedirectUris.join('\n'),
    logoUri: app.logoUri ?? '',
    launchUri: app.launchUri ?? '',
    firstParty: app.firstParty ? 'yes' : '',
    allowedGroups: (app.allowedGroups ?? []).join(', '),
    claims: app.claims.join(', '),
  };
}

/**
 * The version of an app's settings the edit form was filled from, sent back with it (a hidden field):
 * a hash of the form's values, so that a change to any field the form shows, by another
 * administrator, the API or `idp`, makes a save from an older form a conflict, and a secret rotated
 * meanwhile does not.
 */
export function appFormVersion(app: AppView): string {
  return createHash('sha256').update(JSON.stringify(appFormValues(app))).digest('base64url').slice(0, 27);
}

/** The fields whose saved value differs from what was typed: shown beside a conflict. */
export function savedMeanwhile(app: AppView, typed: Record<string, unknown>): Array<{ field: string; saved: string }> {
  const norm = (value: unknown) => String(value ?? '').replace(/\r\n/g, '\n').trim();
  return Object.entries(appFormValues(app))
    .filter(([field, saved]) => norm(saved) !== norm(field === 'firstParty' ? (typed[field] ? 'yes' : '') : typed[field]))
    .map(([field, saved]) => ({ field, saved }));
}

/** What the app's developers need, with the secret only when it was just made. */
export function summaryOf(issuer: string, app: AppView, secret: string | null) {
  const discovery = linkTo(issuer, '/.well-known/openid-configuration');
  return {
    issuer,
    discovery,
    lines: [
      `OIDC_ISSUER=${issuer}`,
      `OIDC_DISCOVERY_URL=${discovery}`,
      `OIDC_CLIENT_ID=${app.clientId}`,
      ...(secret ? [`OIDC_CLIENT_SECRET=${secret}`] : []),
      `OIDC_REDIRECT_URIS=${app.redirectUris.join(' ')}`,
    ],
  };
}

export async function groupNamesOf(deps: StepDeps): Promise<string[]> {
  return (await listGroups(deps.store)).map((group) => group.name);
}

export async function showNewAppForm(deps: StepDeps, ctx: Context, signedIn: SignedIn, form: { values?: Record<string, unknown>; errors?: FieldErrors; status?: number } = {}) {
  showConsolePage(deps, ctx, signedIn, 'app-new', { section: 'apps', heading: t('console.appNew.heading'), ...form }, {
    groupNames: await groupNamesOf(deps),
  });
}

export async function showAppPage(
  deps: StepDeps,
  ctx: Context,
  signedIn: SignedIn,
  app: AppView,
  form: { values?: Record<string, unknown>; errors?: FieldErrors; status?: number; conflict?: boolean; version?: string } = {},
) {
  const { conflict = false, version, ...shown } = form;
  showConsolePage(deps, ctx, signedIn, 'app', { section: 'apps', heading: app.name, ...shown, values: { ...appFormValues(app), ...shown.values } }, {
    app, summary: summaryOf(deps.settings.issuer, app, null), secret: null, groupNames: await groupNamesOf(deps),
    version: version ?? appFormVersion(app),
    conflict: conflict ? savedMeanwhile(app, shown.values ?? {}) : null,
  });
}
