/**
 * A store that cannot be reached or is locked makes oidc-provider's own endpoints (token, userinfo,
 * introspection) answer 500 `server_error`. It is not a bug but an outage: answer 503 with
 * Retry-After, as our pages do, so that apps and load balancers retry. Nothing was issued: the
 * failure happened before the response (src/oidc/adapter.ts saves before oidc-provider answers).
 */
import type { Next } from 'koa';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';

import { isStoreUnavailable } from '../store/failures.js';

export function answerStoreOutages(provider: Provider) {
  const outages = new WeakSet<object>();
  provider.on('server_error', (ctx: KoaContextWithOIDC, error: unknown) => {
    if (isStoreUnavailable(error)) outages.add(ctx);
  });
  return async function storeOutageIs503(ctx: KoaContextWithOIDC, next: Next): Promise<void> {
    await next();
    if (!outages.has(ctx) || ctx.status < 500) return;
    ctx.status = 503;
    ctx.set('Retry-After', '5');
    const body = ctx.body as { error?: string; error_description?: string } | null;
    if (body && typeof body === 'object' && body.error === 'server_error') {
      ctx.body = { ...body, error_description: 'The service is briefly unavailable. Nothing was issued; try again in a moment.' };
    }
  };
}
