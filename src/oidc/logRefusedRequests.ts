/**
 * Every OAuth/OIDC request oidc-provider refuses (an unknown client, PKCE missing, a redirect or
 * post-logout URI that is not registered, a bad grant, ...) is one JSON log line `oauth.refused`
 * with the endpoint, the OAuth error and its description, the client and URIs the request named,
 * and the request id that the person's error page shows (src/http/requestId.ts); and it is counted
 * in `idp_oauth_refusals_total`. oidc-provider emits `<endpoint>.error` after it has answered, with
 * the error page already rendered, so the id is the page's. Its own failures (`server_error`) are
 * logged by the app as `oidc.server_error`, with the same id.
 */
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';

import { requestIdOf } from '../http/requestId.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics/metrics.js';

/** The endpoints' error events (oidc-provider lib/helpers/initialize_app.js), without back-channel delivery failures. */
const REFUSAL_EVENTS = [
  'authorization.error', 'grant.error', 'userinfo.error', 'jwks.error', 'discovery.error', 'revocation.error',
  'introspection.error', 'end_session.error', 'end_session_confirm.error', 'end_session_success.error',
  'device_authorization.error', 'code_verification.error', 'device_resume.error', 'pushed_authorization_request.error',
] as const;

interface OAuthError { error?: unknown; error_description?: unknown; error_detail?: unknown; status?: unknown; statusCode?: unknown }

function text(value: unknown): string | null {
  return typeof value === 'string' ? value.slice(0, 500) : null;
}

export function logRefusedRequests(provider: Provider, deps: { log: Logger; metrics?: Metrics }): void {
  // Typed per event in @types/oidc-provider; every one of these passes (ctx, error).
  const on = provider.on.bind(provider) as (event: string, listener: (ctx: KoaContextWithOIDC, refusal: OAuthError) => void) => unknown;
  for (const name of REFUSAL_EVENTS) {
    const endpoint = name.slice(0, -'.error'.length);
    on(name, (ctx, refusal) => {
      const params = (ctx.oidc?.params ?? {}) as Record<string, unknown>;
      const error = text(refusal.error) ?? 'unknown';
      deps.log.warn('oauth.refused', {
        requestId: requestIdOf(ctx),
        endpoint,
        error,
        description: text(refusal.error_description),
        detail: text(refusal.error_detail),
        status: ctx.status,
        method: ctx.method,
        clientId: ctx.oidc?.client?.clientId ?? text(params.client_id),
        redirectUri: text(params.redirect_uri),
        postLogoutRedirectUri: text(params.post_logout_redirect_uri),
        ip: ctx.ip,
      });
      deps.metrics?.oauthRefusals.inc({ endpoint, error: /^[a-z_]{1,40}$/.test(error) ? error : 'other' });
    });
  }
}
