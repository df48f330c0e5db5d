/**
 * Registering and changing relying apps: what `idp clients …` does, with no argument parsing and
 * no output, so that an admin API can call the same functions. Every setting is checked before
 * anything is written; a refused change writes nothing.
 */
import type { IdTokenAlg } from '../oidc/createProvider.js';
import { ID_TOKEN_ALGS } from '../oidc/createProvider.js';
import type { OidcPayload, Store } from '../store/ports.js';
import { defaultAppSettings, LIFETIME_LIMITS, metadataFields, settingsOf, withFields, type AppSettings } from './appSettings.js';
import { buildClientMetadata, newClientSecret, type ClientRandomness } from './buildClientMetadata.js';
import { checkAppPageUri, checkBackchannelLogoutUri, checkRedirectUris, type ApplicationType } from './checkRedirectUris.js';
import { AppSettingError, UnknownAppError } from './errors.js';
import { PREVIOUS_SECRET, PREVIOUS_SECRET_EXPIRES_AT } from '../oidc/clientSecretOverlap.js';

export type NewApp = Pick<AppSettings, 'name' | 'redirectUris' | 'isPublic'> & Partial<AppSettings>;

/** What `update` may change. Whether an app is public is not among them: register a new app. */
export type AppChanges = Partial<Omit<AppSettings, 'isPublic'>>;

export interface AppSummary extends AppSettings {
  clientId: string;
  createdAt: Date | null;
}

export interface RegisteredApp {
  clientId: string;
  /** Shown once; null for a public app. */
  clientSecret: string | null;
  app: AppSummary;
  /** Things the administrator should know about the settings chosen (e.g. PKCE made optional). */
  warnings: string[];
}

/** Checks settings without a store: callers may check before opening anything. */
export function checkSettings(settings: AppSettings): ApplicationType {
  if (!settings.name.trim()) throw new AppSettingError('name', 'is required');
  if (settings.redirectUris.length === 0 && !settings.deviceFlow) {
    throw new AppSettingError('redirectUris', 'needs at least one URI (an app without a browser uses the device flow instead)');
  }
  if (settings.isPublic && settings.pkce === 'optional') {
    throw new AppSettingError('pkce', 'cannot be optional for a public app: without a secret, PKCE is what protects its sign-in');
  }
  if (settings.idTokenSigningAlg !== null && !ID_TOKEN_ALGS.includes(settings.idTokenSigningAlg)) {
    throw new AppSettingError('idTokenSigningAlg', `must be one of ${ID_TOKEN_ALGS.join(', ')}, not '${String(settings.idTokenSigningAlg)}'`);
  }
  if (settings.backchannelLogoutUri !== null) checkBackchannelLogoutUri(settings.backchannelLogoutUri);
  if (settings.logoUri !== null) checkAppPageUri('logoUri', settings.logoUri);
  if (settings.launchUri !== null) checkAppPageUri('launchUri', settings.launchUri);
  for (const setting of ['accessTokenLifetime', 'refreshTokenLifetime'] as const) {
    const value = settings[setting];
    const { min, max } = LIFETIME_LIMITS[setting];
    if (value !== null && !(Number.isInteger(value) && value >= min && value <= max)) {
      throw new AppSettingError(setting, `must be whole seconds from ${min} to ${max}, not ${String(value)}`);
    }
  }
  return checkRedirectUris([
    { setting: 'redirectUris', uris: settings.redirectUris },
    { setting: 'postLogoutRedirectUris', uris: settings.postLogoutRedirectUris },
  ], settings.isPublic);
}

function warningsFor(clientId: string, settings: AppSettings): string[] {
  if (settings.isPublic || settings.pkce !== 'optional') return [];
  return [
    `PKCE is optional for "${settings.name}": a stolen authorization code can then be redeemed by whoever holds the `
    + `client secret. Turn PKCE on in the app as soon as it supports it, then run: idp clients update ${clientId} --pkce required`,
  ];
}

/** An app as administrators see it, from its Client record. */
export function summarize(id: string, metadata: OidcPayload): AppSummary {
  const issuedAt = metadata.client_id_issued_at;
  return { clientId: id, ...settingsOf(metadata), createdAt: typeof issuedAt === 'number' ? new Date(issuedAt * 1000) : null };
}

function withoutRepeats(uris: string[] | undefined): string[] | undefined {
  return uris && [...new Set(uris)];
}

/** The settings of a new app: defaults filled in, names trimmed, URIs once each. Throws AppSettingError. */
export function newAppSettings(request: NewApp): { settings: AppSettings; applicationType: ApplicationType } {
  const settings: AppSettings = {
    ...defaultAppSettings,
    ...Object.fromEntries(Object.entries(request).filter(([, value]) => value !== undefined)),
    name: request.name.trim(),
    redirectUris: withoutRepeats(request.redirectUris)!,
    postLogoutRedirectUris: withoutRepeats(request.postLogoutRedirectUris) ?? [],
  } as AppSettings;
  return { settings, applicationType: checkSettings(settings) };
}

export async function registerApp(store: Store, request: NewApp, deps: ClientRandomness): Promise<RegisteredApp> {
  const { settings, applicationType } = newAppSettings(request);
  const client = buildClientMetadata({ ...settings, applicationType }, deps);
  await store.oidc.upsert('Client', client.clientId, client.metadata);
  return {
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    app: summarize(client.clientId, client.metadata),
    warnings: warningsFor(client.clientId, settings),
  };
}

async function findApp(store: Store, clientId: string): Promise<OidcPayload> {
  const metadata = await store.oidc.find('Client', clientId);
  if (!metadata) throw new UnknownAppError(clientId);
  return metadata;
}

/** Changes the settings named in `changes`; the others, the client_id and the secret stay. */
export async function updateApp(store: Store, clientId: string, changes: AppChanges): Promise<{ app: AppSummary; warnings: string[] }> {
  const metadata = await findApp(store, clientId);
  const settings: AppSettings = {
    ...settingsOf(metadata),
    ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)),
  };
  settings.name = settings.name.trim();
  settings.redirectUris = withoutRepeats(settings.redirectUris)!;
  settings.postLogoutRedirectUris = withoutRepeats(settings.postLogoutRedirectUris)!;
  const applicationType = checkSettings(settings);
  const updated = withFields(metadata, metadataFields(settings, applicationType));
  await store.oidc.upsert('Client', clientId, updated);
  return { app: summarize(clientId, updated), warnings: warningsFor(clientId, settings) };
}

/**
 * Gives a confidential app a new secret. Without `overlap` the old one stops working at once;
 * with it, the old one keeps working until `overlap.until` (src/oidc/clientSecretOverlap.ts), so
 * that the app can be redeployed with the new secret without an outage. Tokens already issued
 * keep working until they expire. Throws AppSettingError for a public app, which has no secret.
 */
export async function rotateAppSecret(
  store: Store,
  clientId: string,
  deps: Pick<ClientRandomness, 'randomBytes'>,
  overlap?: { until: Date },
): Promise<string> {
  const metadata = await findApp(store, clientId);
  if (settingsOf(metadata).isPublic) throw new AppSettingError('isPublic', 'the app is public: it has no secret to rotate');
  const clientSecret = newClientSecret(deps);
  await store.oidc.upsert('Client', clientId, withFields(metadata, {
    client_secret: clientSecret,
    [PREVIOUS_SECRET]: overlap ? metadata.client_secret : undefined,
    [PREVIOUS_SECRET_EXPIRES_AT]: overlap ? Math.floor(overlap.until.getTime() / 1000) : undefined,
  }));
  return clientSecret;
}

/** Until when the secret replaced last still works (null: it does not). */
export function previousSecretExpiresAt(metadata: OidcPayload): Date | null {
  const at = metadata[PREVIOUS_SECRET_EXPIRES_AT];
  return typeof metadata[PREVIOUS_SECRET] === 'string' && typeof at === 'number' ? new Date(at * 1000) : null;
}

export async function listApps(store: Store): Promise<AppSummary[]> {
  return (await store.oidc.list('Client'))
    .map(({ id, payload }) => summarize(id, payload))
    .sort((a, b) => a.name.localeCompare(b.name) || a.clientId.localeCompare(b.clientId));
}

export async function removeApp(store: Store, clientId: string): Promise<void> {
  await findApp(store, clientId);
  await store.oidc.destroy('Client', clientId);
}

export type { IdTokenAlg };
