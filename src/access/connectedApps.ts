/**
 * The apps that hold a grant for the account, and for which scopes. oidc-provider keeps one grant
 * per app and browser session, so grants are shown per app. Revoking an app removes every grant it
 * holds for the account and every token issued under them (access, refresh, codes): its refresh
 * token stops working at once. Signing in to the app again asks again (or, for a first-party app,
 * grants again). Each app comes with its logo and launch address, when it has them, for the account page.
 */
import { appOnPage } from '../clients/appOnPage.js';
import { PublicError } from '../errors/publicError.js';
import { forgetConsent, listRememberedConsents } from './rememberedConsents.js';
import type { OidcRecords } from '../store/ports.js';

export interface ConnectedApp {
  clientId: string;
  name: string;
  scopes: string[];
  since: Date | null;
  /** An https address of the app's logo (`logo_uri`), or null. */
  logoUri: string | null;
  /** Where the person opens the app (`client_uri`), or null. */
  launchUri: string | null;
}

async function grantsOf(records: OidcRecords, accountId: string) {
  return (await records.list('Grant', { accountId })).filter((grant) => typeof grant.payload.clientId === 'string');
}

export async function listConnectedApps(records: OidcRecords, accountId: string): Promise<ConnectedApp[]> {
  const apps = new Map<string, ConnectedApp>();
  for (const { payload } of await grantsOf(records, accountId)) {
    const clientId = payload.clientId as string;
    const scope = (payload.openid as { scope?: unknown } | undefined)?.scope;
    const since = typeof payload.iat === 'number' ? new Date(payload.iat * 1000) : null;
    const app = apps.get(clientId) ?? { clientId, name: clientId, scopes: [], since, logoUri: null, launchUri: null };
    for (const item of typeof scope === 'string' ? scope.split(' ') : []) if (item && !app.scopes.includes(item)) app.scopes.push(item);
    if (since && (!app.since || since < app.since)) app.since = since;
    apps.set(clientId, app);
  }
  // What the person allowed an app outlives the browser session its grant came from.
  for (const consent of await listRememberedConsents(records, accountId)) {
    const since = consent.since ? new Date(consent.since * 1000) : null;
    const app = apps.get(consent.clientId) ?? { clientId: consent.clientId, name: consent.clientId, scopes: [], since, logoUri: null, launchUri: null };
    for (const item of consent.scopes) if (!app.scopes.includes(item)) app.scopes.push(item);
    if (since && (!app.since || since < app.since)) app.since = since;
    apps.set(consent.clientId, app);
  }
  for (const app of apps.values()) {
    const { name, logoUri, launchUri } = appOnPage(await records.find('Client', app.clientId));
    Object.assign(app, { name: name ?? app.name, logoUri, launchUri });
  }
  return [...apps.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Removes the app's grants for the account, the tokens under them, and what the person allowed it. */
async function takeAccessAway(records: OidcRecords, input: { accountId: string; clientId: string }): Promise<{ grants: number; forgotten: boolean }> {
  const grants = (await grantsOf(records, input.accountId)).filter((grant) => grant.payload.clientId === input.clientId);
  const forgotten = await forgetConsent(records, input.accountId, input.clientId);
  for (const grant of grants) {
    await records.revokeByGrantId(grant.id);
    await records.destroy('Grant', grant.id);
  }
  return { grants: grants.length, forgotten };
}

export async function revokeConnectedApp(records: OidcRecords, input: { accountId: string; clientId: string }): Promise<number> {
  const { grants, forgotten } = await takeAccessAway(records, input);
  if (grants === 0 && !forgotten) throw new PublicError('app_not_found', `no grant of ${input.clientId} for the account`);
  return grants;
}

/**
 * Takes every app's access away, as "Remove access" does for one, whether or not the grant came
 * through a browser session that still exists (`offline_access` grants outlive their session).
 * Returns how many apps had access.
 */
export async function revokeEveryApp(records: OidcRecords, accountId: string): Promise<number> {
  const clientIds = new Set((await grantsOf(records, accountId)).map((grant) => grant.payload.clientId as string));
  for (const consent of await listRememberedConsents(records, accountId)) clientIds.add(consent.clientId);
  for (const clientId of clientIds) await takeAccessAway(records, { accountId, clientId });
  return clientIds.size;
}
