/**
 * Times every request (`idp_http_request_seconds`) by method, status and route. The route is a
 * template, never the path itself (paths carry recovery and invitation tokens, interaction ids):
 * the pattern of the router that answered (ours, `/recover/:token`, or oidc-provider's, `/token`),
 * else oidc-provider's endpoint name (`oidc:<name>`), `static`
 * for assets, and `unmatched` for anything else.
 */
import type { Context, Next } from 'koa';

import type { Metrics } from './metrics.js';

const STATIC = /^\/(js|css|images|fonts|favicon)[/.]/;

function routeOf(ctx: Context): string {
  const matched = (ctx as Context & { _matchedRoute?: unknown })._matchedRoute;
  if (typeof matched === 'string') return matched;
  const oidcRoute = (ctx as Context & { oidc?: { route?: unknown } }).oidc?.route;
  if (typeof oidcRoute === 'string') return `oidc:${oidcRoute}`;
  if (STATIC.test(ctx.path)) return 'static';
  return 'unmatched';
}

export function measureHttp(metrics: Metrics) {
  return async function measureRequest(ctx: Context, next: Next): Promise<void> {
    const stop = metrics.httpDuration.startTimer();
    try {
      await next();
    } finally {
      stop({ method: ['GET', 'POST', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'].includes(ctx.method) ? ctx.method : 'other', route: routeOf(ctx), status: String(ctx.status) });
    }
  };
}
