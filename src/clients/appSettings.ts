/**
 * A relying app as an administrator describes it, and how that maps to the oidc-provider Client
 * record the provider reads. Only what differs from the provider's defaults is written where a
 * default exists (the ID token algorithm), so that a default chosen in the provider configuration
 * applies to every app registered without a choice.
 */
import type { PkcePolicy } from '../oidc/clientPolicy.js';
import { pkcePolicyOf } from '../oidc/clientPolicy.js';
export { LIFETIME_LIMITS } from '../oidc/tokenLifetimes.js';
import type { IdTokenAlg } from '../oidc/createProvider.js';
import type { OidcPayload } from '../store/ports.js';
import type { ApplicationType } from './checkRedirectUris.js';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export interface AppSettings {
  name: string;
  /** Where sign-in returns to, matched exactly. Empty only for a device-only app. */
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** A public app (SPA, native, CLI) has no secret: PKCE is then always required. */
  isPublic: boolean;
  /** The app belongs to whoever runs this provider: no consent page. */
  firstParty: boolean;
  /** Null: the provider's default (RS256). */
  idTokenSigningAlg: IdTokenAlg | null;
  /** For confidential apps; public apps always need PKCE. */
  pkce: PkcePolicy;
  /** Scope claims (email, name, …) in ID tokens as well as userinfo. */
  idTokenScopeClaims: boolean;
  /** OpenID Connect Back-Channel Logout 1.0: where logout tokens are posted. */
  backchannelLogoutUri: string | null;
  /** The app may use the Device Authorization Grant (RFC 8628). */
  deviceFlow: boolean;
  /** An https URL of the app's logo (`logo_uri`), for pages that name the app. */
  logoUri: string | null;
  /** Where people open the app (`client_uri`, its home page). */
  launchUri: string | null;
  /** Seconds an access token (and a client-credentials token) lives; null: the provider's default. */
  accessTokenLifetime: number | null;
  /** Seconds a refresh token lives; null: the provider's default. */
  refreshTokenLifetime: number | null;
}

export const defaultAppSettings: Omit<AppSettings, 'name' | 'redirectUris' | 'isPublic'> = {
  postLogoutRedirectUris: [],
  firstParty: false,
  idTokenSigningAlg: null,
  pkce: 'required',
  idTokenScopeClaims: true,
  backchannelLogoutUri: null,
  deviceFlow: false,
  logoUri: null,
  launchUri: null,
  accessTokenLifetime: null,
  refreshTokenLifetime: null,
};

const seconds = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) ? value : null);

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** Reads the settings back from a stored Client record. */
export function settingsOf(metadata: OidcPayload): AppSettings {
  const grantTypes = strings(metadata.grant_types);
  return {
    name: typeof metadata.client_name === 'string' ? metadata.client_name : '',
    redirectUris: strings(metadata.redirect_uris),
    postLogoutRedirectUris: strings(metadata.post_logout_redirect_uris),
    isPublic: metadata.token_endpoint_auth_method === 'none',
    firstParty: metadata.first_party === true,
    idTokenSigningAlg: typeof metadata.id_token_signed_response_alg === 'string' ? metadata.id_token_signed_response_alg as IdTokenAlg : null,
    pkce: pkcePolicyOf(metadata),
    idTokenScopeClaims: metadata.id_token_scope_claims !== false,
    backchannelLogoutUri: typeof metadata.backchannel_logout_uri === 'string' ? metadata.backchannel_logout_uri : null,
    deviceFlow: grantTypes.includes(DEVICE_CODE_GRANT),
    logoUri: typeof metadata.logo_uri === 'string' ? metadata.logo_uri : null,
    launchUri: typeof metadata.client_uri === 'string' ? metadata.client_uri : null,
    accessTokenLifetime: seconds(metadata.access_token_lifetime),
    refreshTokenLifetime: seconds(metadata.refresh_token_lifetime),
  };
}

/**
 * The Client record fields these settings decide. Fields not listed here (client_id, the secret,
 * client_id_issued_at) are the caller's; `undefined` means "remove the field".
 */
export function metadataFields(settings: AppSettings, applicationType: ApplicationType): Record<string, unknown> {
  const signsIn = settings.redirectUris.length > 0;
  return {
    client_name: settings.name,
    application_type: applicationType,
    redirect_uris: settings.redirectUris,
    post_logout_redirect_uris: settings.postLogoutRedirectUris,
    grant_types: [...(signsIn ? ['authorization_code'] : []), ...(settings.deviceFlow ? [DEVICE_CODE_GRANT] : []), 'refresh_token'],
    response_types: signsIn ? ['code'] : [],
    token_endpoint_auth_method: settings.isPublic ? 'none' : 'client_secret_basic',
    first_party: settings.firstParty,
    pkce: !settings.isPublic && settings.pkce === 'optional' ? 'optional' : undefined,
    id_token_signed_response_alg: settings.idTokenSigningAlg ?? undefined,
    id_token_scope_claims: settings.idTokenScopeClaims ? undefined : false,
    backchannel_logout_uri: settings.backchannelLogoutUri ?? undefined,
    // The logout token then names the session (`sid`), and so does every ID token the app gets.
    backchannel_logout_session_required: settings.backchannelLogoutUri ? true : undefined,
    logo_uri: settings.logoUri ?? undefined,
    client_uri: settings.launchUri ?? undefined,
    access_token_lifetime: settings.accessTokenLifetime ?? undefined,
    refresh_token_lifetime: settings.refreshTokenLifetime ?? undefined,
  };
}

/** Applies `fields` to a record: a field set to undefined is removed. */
export function withFields(metadata: OidcPayload, fields: Record<string, unknown>): OidcPayload {
  const next: OidcPayload = { ...metadata };
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  return next;
}
