/**
 * Every authorization request may start a sign-in, and oidc-provider stores an interaction for each
 * (an hour's record, with the sign-in page's passkey challenge). Unlimited, one address could fill the
 * store: 500 of them took 1.9 s. So each authorization request counts against the client's address
 * (src/http/clientAddress.ts, as TRUST_PROXY says); past INTERACTIONS_PER_IP in 10 minutes the person
 * gets the styled "too many attempts" page (429, with Retry-After; the error boundary renders it).
 * Going back to a sign-in under way (`/auth/:uid`) is not a new request and is not counted.
 *
 * The count costs no write of its own when the request stores an interaction: the hit rides in the
 * transaction that creates it (src/oidc/adapter.ts, `RecordExtras.limit`), and past the limit the
 * store counts the hit and keeps no interaction, so a refused request stores nothing. A request that
 * creates none (a single sign-on that answers at once, a refused request) is counted when oidc-provider
 * has done with it, and past the limit its answer is replaced by the same 429 page.
 */
import type { Context, Next } from 'koa';

import type { CountedLimit, RateLimits } from '../store/ports.js';
import { limitAttempts, RateLimitedError } from './limitAttempts.js';

export const INTERACTIONS_WINDOW_SECONDS = 10 * 60;

/** The count of one authorization request, waiting for the interaction that will carry it. */
export interface InteractionCount {
  limit: CountedLimit;
  /** Set once an interaction's write has carried the hit. */
  carried: boolean;
  /** Set when the store refused that interaction for the limit. */
  refused: boolean;
}

const counts = new WeakMap<object, InteractionCount>();

/**
 * The count the first interaction created by the request `ctx` carries (src/oidc/adapter.ts asks
 * when it saves a new one); undefined when the request is not counted or the count is carried already.
 */
export function interactionCountOf(ctx: object): InteractionCount | undefined {
  const count = counts.get(ctx);
  if (!count || count.carried) return undefined;
  count.carried = true;
  return count;
}

export function limitInteractions(deps: { rateLimits: RateLimits; authorizationPath: string; perIp: number }) {
  const { rateLimits, authorizationPath, perIp } = deps;
  return async function limitInteractionsPerAddress(ctx: Context, next: Next): Promise<void> {
    if (!(perIp > 0 && ctx.path === authorizationPath && (ctx.method === 'GET' || ctx.method === 'POST'))) {
      await next();
      return;
    }
    const limit = { key: `interactions:${ctx.ip}`, windowSeconds: INTERACTIONS_WINDOW_SECONDS, max: perIp };
    const count: InteractionCount = { limit, carried: false, refused: false };
    counts.set(ctx, count);
    let failure: unknown = null;
    try {
      await next();
    } catch (error) {
      failure = error;
    }
    // oidc-provider answered the refused interaction as an error for the app; the person gets the page.
    if (count.refused) refuse(ctx, limit);
    if (!count.carried) {
      count.carried = true;
      try {
        await limitAttempts(rateLimits, [[limit.key, limit]]);
      } catch (error) {
        if (error instanceof RateLimitedError) refuse(ctx, limit);
        throw error;
      }
    }
    if (failure) throw failure;
  };
}

function refuse(ctx: Context, limit: CountedLimit): never {
  ctx.remove('Location');
  throw new RateLimitedError(limit.key, limit.windowSeconds);
}
