/**
 * GET /metrics: the Prometheus text exposition, only with METRICS_TOKEN set and only for a request
 * that sends it as `Authorization: Bearer <token>` (compared in constant time). Without the setting
 * the path does not exist (404), so that nothing about the provider's traffic is public by default.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, Next } from 'koa';

import type { Metrics } from './metrics.js';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

export function metricsEndpoint(metrics: Metrics, token: string | null) {
  const expected = token === null ? null : digest(token);
  return async function serveMetrics(ctx: Context, next: Next): Promise<void> {
    if (ctx.path !== '/metrics' || expected === null) return next();
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    const given = /^Bearer (\S+)$/i.exec(ctx.get('Authorization'))?.[1];
    ctx.set('Cache-Control', 'no-store');
    if (!given || !timingSafeEqual(digest(given), expected)) {
      ctx.status = 401;
      ctx.set('WWW-Authenticate', 'Bearer realm="metrics"');
      ctx.body = { error: 'unauthorized', message: 'Send the METRICS_TOKEN as Authorization: Bearer <token>.' };
      return;
    }
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  };
}
