/**
 * Apps as the admin API and console show and change them: the app's settings (src/clients/) and who
 * may use it (src/access/appAccess.ts), as one record. Every name in a request is checked before
 * anything is written, so a refused request changes nothing; every change is recorded in the audit
 * trail as the administrator's (recordChange.ts).
 */
import { changeAppAccess, describeAppAccess, forgetApp } from '../access/appAccess.js';
import { findGroups } from '../access/groups.js';
import { checkClaimName } from '../access/names.js';
import { parseDuration } from '../access/duration.js';
import {
  newAppSettings, previousSecretExpiresAt, registerApp, removeApp, rotateAppSecret, summarize, updateApp,
  type AppChanges, type AppSummary, type NewApp,
} from '../clients/relyingApps.js';
import { UnknownAppError } from '../clients/errors.js';
import type { Store } from '../store/ports.js';
import type { AdminDeps } from './deps.js';
import { recordAdminChange, type AdminActor } from './recordChange.js';

export interface AppView extends AppSummary {
  allowedGroups: string[] | null;
  claims: string[];
  previousSecretExpiresAt: Date | null;
}

export interface AppAccessRequest {
  allowedGroups?: string[] | null;
  claims?: string[];
}

async function checkAccessRequest(store: Store, request: AppAccessRequest): Promise<void> {
  if (request.allowedGroups) await findGroups(store, request.allowedGroups);
  request.claims?.forEach(checkClaimName);
}

function hasAccessChange(request: AppAccessRequest): boolean {
  return request.allowedGroups !== undefined || request.claims !== undefined;
}

export async function findAppView(store: Store, clientId: string): Promise<AppView> {
  const metadata = await store.oidc.find('Client', clientId);
  if (!metadata) throw new UnknownAppError(clientId);
  const access = await describeAppAccess(store, clientId);
  return { ...summarize(clientId, metadata), allowedGroups: access.allowedGroups, claims: access.claims, previousSecretExpiresAt: previousSecretExpiresAt(metadata) };
}

export async function listAppViews(store: Store): Promise<AppView[]> {
  const records = await store.oidc.list('Client');
  const views = await Promise.all(records.map(async ({ id, payload }) => {
    const access = await describeAppAccess(store, id);
    return { ...summarize(id, payload), allowedGroups: access.allowedGroups, claims: access.claims, previousSecretExpiresAt: previousSecretExpiresAt(payload) };
  }));
  return views.sort((a, b) => a.name.localeCompare(b.name) || a.clientId.localeCompare(b.clientId));
}

export async function createApp(
  deps: AdminDeps,
  who: AdminActor,
  request: NewApp & AppAccessRequest,
): Promise<{ app: AppView; clientSecret: string | null; warnings: string[] }> {
  const { allowedGroups, claims, ...settings } = request;
  newAppSettings(settings);
  await checkAccessRequest(deps.store, { allowedGroups, claims });
  const registered = await registerApp(deps.store, settings, { randomBytes: deps.randomBytes, now: () => new Date(deps.now()) });
  if (hasAccessChange({ allowedGroups, claims })) await changeAppAccess(deps.store, registered.clientId, { allowedGroups, claims });
  await recordAdminChange(deps, who, { action: 'app.create', target: registered.clientId, clientId: registered.clientId });
  return { app: await findAppView(deps.store, registered.clientId), clientSecret: registered.clientSecret, warnings: registered.warnings };
}

export async function changeApp(
  deps: AdminDeps,
  who: AdminActor,
  clientId: string,
  request: AppChanges & AppAccessRequest,
): Promise<{ app: AppView; warnings: string[] }> {
  const { store } = deps;
  const { allowedGroups, claims, ...changes } = request;
  await findAppView(store, clientId);
  await checkAccessRequest(store, { allowedGroups, claims });
  const { warnings } = await updateApp(store, clientId, changes);
  if (hasAccessChange({ allowedGroups, claims })) await changeAppAccess(store, clientId, { allowedGroups, claims });
  await recordAdminChange(deps, who, { action: 'app.update', target: clientId, clientId, detail: { fields: Object.keys(request) } });
  return { app: await findAppView(store, clientId), warnings };
}

/** A new secret; with `overlap` (30m, 12h, 7d; at most 30d) the old one works until then. */
export async function rotateSecret(
  deps: AdminDeps,
  who: AdminActor,
  clientId: string,
  overlap: string | undefined,
): Promise<{ clientSecret: string; previousSecretExpiresAt: Date | null }> {
  const until = overlap === undefined ? undefined : { until: new Date(deps.now() + parseDuration(overlap)) };
  const clientSecret = await rotateAppSecret(deps.store, clientId, deps, until);
  await recordAdminChange(deps, who, { action: 'app.rotate_secret', target: clientId, clientId, detail: { overlap: overlap ?? null } });
  return { clientSecret, previousSecretExpiresAt: until?.until ?? null };
}

export async function deleteApp(deps: AdminDeps, who: AdminActor, clientId: string): Promise<void> {
  await removeApp(deps.store, clientId);
  await forgetApp(deps.store, clientId);
  await recordAdminChange(deps, who, { action: 'app.remove', target: clientId, clientId });
}
