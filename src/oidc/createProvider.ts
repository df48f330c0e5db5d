/**
 * The OpenID Provider: oidc-provider does every OAuth/OIDC endpoint; this file only decides policy.
 * - Authorization code flow only. PKCE (S256, the only method oidc-provider 9 offers) for every public
 *   client, and for confidential ones unless registered with `pkce: 'optional'` (clientPolicy.ts).
 * - ID tokens RS256 unless the app registers `id_token_signed_response_alg` ES256 or EdDSA
 *   (OpenID Connect Dynamic Client Registration §2), with the scope claims in them (findAccount.ts).
 * - Refresh tokens only with `offline_access` (kept without `prompt=consent`: offlineAccess.ts),
 *   rotated on every use; a replayed one is refused and revokes the grant.
 * - No development interactions: src/interactions/ does sign-in and consent with passkeys.
 * - First-party clients (`first_party: true`) skip consent; others are asked once per person and
 *   app, and again only for more (loadExistingGrant.ts).
 */
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';

import { GROUPS_CLAIM, GROUPS_SCOPE, groupNamesOf, PROFILE_CLAIMS } from '../access/claims.js';
import type { AuditDeps } from '../audit/recordAudit.js';
import type { Settings } from '../config/settings.js';
import { explainOidcError } from '../http/explainOidcError.js';
import { requestIdOf } from '../http/requestId.js';
import { t } from '../i18n/t.js';
import { catalog } from '../errors/catalog.js';
import type { Views } from '../http/views.js';
import { silentLogger, type Logger } from '../log.js';
import type { PageLocals, PageName } from '../pages.js';
import { isStoreUnavailable } from '../store/failures.js';
import type { Store } from '../store/ports.js';
import { createOidcAdapter } from './adapter.js';
import { clientProperties, createPkceRequired, validateClientProperty } from './clientPolicy.js';
import { createInteractionPolicy } from './appAccessPrompt.js';
import { createFindAccount } from './findAccount.js';
import { listCustomClaimsInDiscovery, passCustomClaims } from './customClaims.js';
import { introspectionAllowed } from './introspectionPolicy.js';
import type { ProviderKeys } from './keys.js';
import { createLoadExistingGrant } from './loadExistingGrant.js';
import { appTokenLifetimes } from './tokenLifetimes.js';
import { createDevicePages } from '../device/devicePages.js';
import { retryFailedBackchannelLogouts } from './logout/backchannelRetries.js';
import { createLogoutSource } from './logout/logoutWithoutConfirmation.js';
import { describeLogoutRefusal } from './logout/refusals.js';
import { keepOfflineAccess, OFFLINE_ACCESS_HOOK } from './offlineAccess.js';
import { newSignInCeremony } from '../passkeys/signInCeremony.js';
import { interactionCountOf } from '../rateLimits/limitInteractions.js';
import { PASSKEY_ACR, SESSION_COOKIE, SESSION_TTL_SECONDS } from '../sessions/browserSession.js';

const HOUR = 60 * 60;

export interface ProviderDeps {
  settings: Settings;
  store: Store;
  keys: ProviderKeys;
  views: Views;
  log?: Logger;
  now?: () => number;
  /** Told of every security event the provider records itself (src/audit/recordAudit.ts). */
  onAudit?: AuditDeps['onAudit'];
  /** Waits before each retry of a failed back-channel logout (default: 5 s, 30 s, 2 min). */
  backchannelRetryDelaysMs?: number[];
}

/** ID token signing algorithms an app may register; the first is the default. */
export const ID_TOKEN_ALGS = ['RS256', 'ES256', 'EdDSA'] as const;
export type IdTokenAlg = (typeof ID_TOKEN_ALGS)[number];

export function createProvider({
  settings, store, keys, views, log = silentLogger, now = Date.now, onAudit, backchannelRetryDelaysMs,
}: ProviderDeps): Provider {
  const page = <P extends PageName>(ctx: KoaContextWithOIDC, name: P, locals: PageLocals[P]) => {
    ctx.type = 'html';
    ctx.body = views.render(name, locals);
  };

  const configuration: Configuration = {
    adapter: createOidcAdapter(store.oidc, { newSignInCeremony: () => newSignInCeremony(now()), interactionCount: interactionCountOf }),
    findAccount: createFindAccount(store),
    jwks: keys.jwks as Configuration['jwks'],
    cookies: {
      keys: keys.cookieKeys,
      long: { ...SESSION_COOKIE },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    scopes: ['openid', 'email', 'profile', GROUPS_SCOPE, 'offline_access'],
    // What each scope holds (src/access/claims.ts); custom claims come with `openid` (customClaims.ts).
    claims: {
      acr: null,
      amr: null,
      auth_time: null,
      sid: null,
      iss: null,
      // Every ID token says how the person signed in (a passkey, and whether it was synced), and in
      // which browser session (`sid`, for every app: sessionIdClaim.ts).
      openid: ['sub', 'acr', 'amr', 'auth_time', 'sid'],
      email: ['email', 'email_verified'],
      profile: [...PROFILE_CLAIMS],
      [GROUPS_SCOPE]: [GROUPS_CLAIM],
    },
    // Introspection (RFC 7662) of an access token with the `groups` scope says the person's groups,
    // as they were when it was issued, for resource servers that decide by group.
    extraTokenClaims: async (_ctx, token) => {
      const { accountId, scope } = token as { accountId?: string; scope?: string };
      if (!accountId || !scope?.split(' ').includes(GROUPS_SCOPE)) return undefined;
      return { [GROUPS_CLAIM]: await groupNamesOf(store, accountId) };
    },
    acrValues: [PASSKEY_ACR],
    responseTypes: ['code'],
    pkce: { required: createPkceRequired(log) },
    // Scope claims in the ID token too (the app may opt out: findAccount.ts).
    conformIdTokenClaims: false,
    extraParams: { [OFFLINE_ACCESS_HOOK]: keepOfflineAccess },
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      id_token_signed_response_alg: ID_TOKEN_ALGS[0],
      token_endpoint_auth_method: 'client_secret_basic',
    },
    enabledJWA: {
      idTokenSigningAlgValues: [...ID_TOKEN_ALGS],
    },
    extraClientMetadata: {
      properties: [...clientProperties],
      validator: validateClientProperty as NonNullable<Configuration['extraClientMetadata']>['validator'],
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      introspection: { enabled: true, allowedPolicy: introspectionAllowed },
      clientCredentials: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: createLogoutSource({ records: store.oidc, settings, views, log, sessionCookie: SESSION_COOKIE }),
        postLogoutSuccessSource: async (ctx) => page(ctx, 'logged-out', { client: ctx.oidc.client?.clientName ?? null }),
      },
      // Logout tokens to every app of the session that registered a backchannel_logout_uri
      // (logout/notifyApps.ts), retried (logout/backchannelRetries.ts). Front-Channel Logout is not
      // offered: oidc-provider 9 no longer implements it.
      backchannelLogout: { enabled: true },
      // RFC 8628, for apps registered with the device grant (`idp clients add --device`): the
      // person enters the code at /device (src/device/) and signs in on our usual pages.
      deviceFlow: { enabled: true, charset: 'base-20', mask: '****-****', ...createDevicePages(views) },
    },
    // oidc-provider's outgoing requests (here: only logout tokens, to URIs an administrator
    // registered with `idp`) refuse private and loopback addresses where the runtime lets it check.
    // Apps on the same host or private network are the usual case for a self-hosted provider, and
    // nobody but an administrator can name a URI, so requests go wherever the admin registered.
    fetch: (url, options) => {
      const { dispatcher: _ssrfGuard, ...rest } = options as RequestInit & { dispatcher?: unknown };
      return fetch(url, rest);
    },
    rotateRefreshToken: true,
    loadExistingGrant: createLoadExistingGrant({ records: store.oidc, now }),
    interactions: {
      // Sign-in, then the app's access rule (appAccessPrompt.ts), then consent.
      policy: createInteractionPolicy(store, { store, log, now, onAudit }),
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
    },
    renderError: async (ctx, out, error) => {
      if (ctx.oidc?.route?.startsWith('end_session') && out.error !== 'server_error') {
        const refusal = describeLogoutRefusal(out.error_description, ctx.oidc.client?.clientName ?? null);
        page(ctx, 'logout-refused', { ...refusal, requestId: requestIdOf(ctx) });
        return;
      }
      // oidc-provider's own words for a failure of ours are "oops! something went wrong" with a 500;
      // a person gets the catalog's plain words instead, and a store outage is a 503 "try again".
      // oidc-provider's words for an app's bad request are for its developer (src/http/explainOidcError.ts).
      const failure = out.error !== 'server_error' ? null : isStoreUnavailable(error) ? 'store_unavailable' : 'internal';
      if (failure) ctx.status = catalog[failure].status;
      page(ctx, 'error', {
        message: failure ? t(`error.${failure}`) : t(explainOidcError(out)),
        // The same id as the log line of the refusal (logRefusedRequests.ts) or of the failure.
        requestId: requestIdOf(ctx),
      });
    },
    ttl: {
      // Access, client-credentials and refresh tokens: the app's own lifetimes where it has them.
      ...appTokenLifetimes,
      AuthorizationCode: 60,
      // RFC 8628 §3.2: long enough to fetch a phone and sign in, short enough to be useless soon after.
      DeviceCode: 10 * 60,
      IdToken: HOUR,
      Interaction: HOUR,
      Session: SESSION_TTL_SECONDS,
    },
  };

  // Koa's view of each request (host, scheme, client address) is pinned to the issuer in src/http/publicOrigin.ts.
  const provider = new Provider(settings.issuer, configuration);
  passCustomClaims(provider);
  provider.use(listCustomClaimsInDiscovery(store));
  retryFailedBackchannelLogouts(provider, { log, delaysMs: backchannelRetryDelaysMs });
  return provider;
}
