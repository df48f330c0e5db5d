/**
 * Discovery and the JWKS are the same for every request (every URL in them comes from IDP_ISSUER),
 * so caches may keep them, briefly: apps pick up a new signing key within five minutes. Saying so
 * explicitly leaves no cache to guess, and nothing else of the provider's is marked cacheable.
 */
import type { Next } from 'koa';
import type { KoaContextWithOIDC } from 'oidc-provider';

const cacheable = new Set(['discovery', 'jwks']);

export const PUBLIC_METADATA_CACHE = 'public, max-age=300';

export function cachePolicy() {
  return async function setCachePolicy(ctx: KoaContextWithOIDC, next: Next): Promise<void> {
    await next();
    if (ctx.status === 200 && cacheable.has(ctx.oidc?.route ?? '')) ctx.set('Cache-Control', PUBLIC_METADATA_CACHE);
  };
}
