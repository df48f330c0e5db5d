/**
 * One id per request, for matching what a person or an app saw with the log: the error page's
 * "Reference for support", the `X-Request-Id` response header and the log line carry the same one.
 * Made on first use and kept on the request; 12 hex characters from the CSPRNG. An id sent by the
 * client is not taken: it would let anyone write into another request's log lines.
 */
import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';

export function requestIdOf(ctx: Pick<Context, 'state' | 'set' | 'headerSent'>): string {
  const state = ctx.state as { requestId?: string };
  if (!state.requestId) {
    state.requestId = randomBytes(6).toString('hex');
    if (!ctx.headerSent) ctx.set('X-Request-Id', state.requestId);
  }
  return state.requestId;
}
