/**
 * Every authorization request may start a sign-in, and oidc-provider stores an interaction for each
 * (an hour's record, with the sign-in page's passkey challenge). Unlimited, one address could fill the
 * store: 500 of them took 1.9 s. So each authorization request counts against the client's address
 * (src/http/clientAddress.ts, as TRUST_PROXY says) before oidc-provider sees it; past
 * INTERACTIONS_PER_IP in 10 minutes the person gets the styled "too many attempts" page (429, with
 * Retry-After; the error boundary renders it) and nothing is stored. Going back to a sign-in under
 * way (`/auth/:uid`) is not a new request and is not counted.
 */
import type { Context, Next } from 'koa';

import type { RateLimits } from '../store/ports.js';
import { limitAttempts } from './limitAttempts.js';

export const INTERACTIONS_WINDOW_SECONDS = 10 * 60;

export function limitInteractions(deps: { rateLimits: RateLimits; authorizationPath: string; perIp: number }) {
  const { rateLimits, authorizationPath, perIp } = deps;
  return async function limitInteractionsPerAddress(ctx: Context, next: Next): Promise<void> {
    if (perIp > 0 && ctx.path === authorizationPath && (ctx.method === 'GET' || ctx.method === 'POST')) {
      await limitAttempts(rateLimits, [[`interactions:${ctx.ip}`, { max: perIp, windowSeconds: INTERACTIONS_WINDOW_SECONDS }]]);
    }
    await next();
  };
}
