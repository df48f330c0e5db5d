/**
 * `offline_access` without `prompt=consent`. oidc-provider drops the scope from an authorization
 * request that does not carry `prompt=consent` (OpenID Connect Core §11), so apps that never send it
 * (oauth2-proxy, most server-side libraries) silently get no refresh token. Core §11 allows
 * "other conditions for processing the request permitting offline access"; ours are those of
 * Keycloak and Pocket ID: the scope stays in the request, and the consent prompt, which compares the
 * requested scopes with what the person allowed the app (loadExistingGrant.ts), asks for it unless
 * the person already allowed it — once, remembered until revoked. A first-party app gets it as it
 * gets every scope. Only apps allowed the refresh_token grant, and only for a code response.
 *
 * oidc-provider runs its `extraParams` validators after its own scope checks, with the request
 * context: `keepOfflineAccess` is registered there under a parameter name no app sends.
 */
import type { Client, KoaContextWithOIDC } from 'oidc-provider';

/** The name under which the hook is registered in `extraParams`; apps never send it. */
export const OFFLINE_ACCESS_HOOK = 'x_offline_access_hook';

function scopesOf(value: unknown): string[] {
  return typeof value === 'string' ? value.split(' ').filter(Boolean) : [];
}

export function keepOfflineAccess(ctx: KoaContextWithOIDC, _value: unknown, client: Client): void {
  const { params } = ctx.oidc;
  if (ctx.oidc.route !== 'authorization' || !params) return;
  const sent = ctx.method === 'POST' ? (ctx.oidc.body as Record<string, unknown> | undefined)?.scope : ctx.query.scope;
  if (!scopesOf(sent).includes('offline_access')) return;
  const scopes = scopesOf(params.scope);
  if (scopes.includes('offline_access')) return;
  if (!String(params.response_type ?? '').split(' ').includes('code') || !client.grantTypeAllowed('refresh_token')) return;
  if (client.scope && !client.scope.split(' ').includes('offline_access')) return;
  params.scope = [...scopes, 'offline_access'].join(' ');
}
