/**
 * The OpenID Provider: oidc-provider does every OAuth/OIDC endpoint; this file only decides policy.
 * - Authorization code flow only, PKCE (S256, the only method oidc-provider 9 offers) for every client.
 * - ID tokens ES256 by default; RS256 for clients that register `id_token_signed_response_alg`.
 * - Refresh tokens only with `offline_access`, rotated on every use; a replayed one is refused and
 *   revokes the grant (oidc-provider does this when a consumed token is presented).
 * - No development interactions: src/interactions/ does sign-in and consent with passkeys.
 * - First-party clients (`first_party: true`) skip consent; others are asked once per scope set.
 */
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';

import type { Settings } from '../config/settings.js';
import { catalog } from '../http/errors.js';
import type { Views } from '../http/views.js';
import { isStoreUnavailable } from '../store/failures.js';
import type { Store } from '../store/ports.js';
import { createOidcAdapter } from './adapter.js';
import { createFindAccount } from './findAccount.js';
import type { ProviderKeys } from './keys.js';

/** RFC 8176 `amr` and OpenID `acr` for a user-verified passkey (phishing-resistant). */
export const PASSKEY_ACR = 'phr';

const HOUR = 60 * 60;
const DAY = 24 * HOUR;

/** The browser session: its cookie options and lifetime, shared with the account page, which signs people in too. */
export const SESSION_COOKIE = { httpOnly: true, sameSite: 'lax' } as const;
export const SESSION_TTL_SECONDS = 14 * DAY;

export interface ProviderDeps {
  settings: Settings;
  store: Store;
  keys: ProviderKeys;
  views: Views;
}

async function loadExistingGrant(ctx: KoaContextWithOIDC) {
  const { client, session, provider, params } = ctx.oidc;
  if (!client || !session?.accountId) return undefined;
  const grantId = ctx.oidc.result?.consent?.grantId || session.grantIdFor(client.clientId);
  const grant = grantId ? await provider.Grant.find(grantId) : undefined;
  if (!client.first_party) return grant;
  // A first-party app is trusted by the admin who registered it: grant what it asks for, no prompt.
  // The grant is written only when it gains a scope, not at every sign-in of the same session.
  const requested = String(params?.scope ?? 'openid').split(' ').filter(Boolean);
  const granted = new Set(grant?.getOIDCScope().split(' '));
  if (grant && requested.every((scope) => granted.has(scope))) return grant;
  const firstPartyGrant = grant ?? new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
  firstPartyGrant.addOIDCScope(requested.join(' '));
  await firstPartyGrant.save();
  return firstPartyGrant;
}

export function createProvider({ settings, store, keys, views }: ProviderDeps): Provider {
  const page = (ctx: KoaContextWithOIDC, name: string, locals: Record<string, unknown>) => {
    ctx.type = 'html';
    ctx.body = views.render(name, locals);
  };

  const configuration: Configuration = {
    adapter: createOidcAdapter(store.oidc),
    findAccount: createFindAccount(store.people),
    jwks: keys.jwks as Configuration['jwks'],
    cookies: {
      keys: keys.cookieKeys,
      long: { ...SESSION_COOKIE },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    scopes: ['openid', 'email', 'profile', 'offline_access'],
    claims: {
      acr: null,
      amr: null,
      auth_time: null,
      sid: null,
      iss: null,
      // Every ID token says how the person signed in (a passkey, and whether it was synced).
      openid: ['sub', 'acr', 'amr', 'auth_time'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    acrValues: [PASSKEY_ACR],
    responseTypes: ['code'],
    pkce: { required: () => true },
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      id_token_signed_response_alg: 'ES256',
      token_endpoint_auth_method: 'client_secret_basic',
    },
    enabledJWA: {
      idTokenSigningAlgValues: ['ES256', 'RS256'],
    },
    extraClientMetadata: {
      properties: ['first_party'],
      validator(_ctx, key, value) {
        if (key === 'first_party' && value !== undefined && typeof value !== 'boolean') {
          throw new Error('first_party must be a boolean');
        }
      },
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      introspection: { enabled: true },
      clientCredentials: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => page(ctx, 'logout', { title: 'Sign out', form, client: ctx.oidc.client?.clientName ?? null }),
        postLogoutSuccessSource: async (ctx) => page(ctx, 'logged-out', { title: 'Signed out', client: ctx.oidc.client?.clientName ?? null }),
      },
    },
    rotateRefreshToken: true,
    loadExistingGrant,
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    renderError: async (ctx, out, error) => {
      // oidc-provider's own words for a failure of ours are "oops! something went wrong" with a 500;
      // a person gets the catalog's plain words instead, and a store outage is a 503 "try again".
      const failure = out.error !== 'server_error' ? null : isStoreUnavailable(error) ? catalog.store_unavailable : catalog.internal;
      if (failure) ctx.status = failure.status;
      page(ctx, 'error', {
        title: 'Something went wrong',
        message: failure?.message ?? out.error_description ?? 'The request could not be completed.',
        code: out.error,
        requestId: null,
      });
    },
    ttl: {
      AccessToken: HOUR,
      AuthorizationCode: 60,
      ClientCredentials: 10 * 60,
      IdToken: HOUR,
      Interaction: HOUR,
      Session: SESSION_TTL_SECONDS,
      Grant: 14 * DAY,
      RefreshToken: 14 * DAY,
    },
  };

  // Koa's view of each request (host, scheme, client address) is pinned to the issuer in src/http/publicOrigin.ts.
  return new Provider(settings.issuer, configuration);
}
