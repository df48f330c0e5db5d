/**
 * What Koa itself catches goes to the log as one JSON line, like everything else. Without a listener
 * Koa prints a multi-line stack trace on stderr, which breaks line-per-event log collection; most of
 * these errors are the client's doing (a body that does not parse as HTTP, a request that timed out,
 * a connection closed halfway) and deserve a warning, not a trace. Errors of our own routes never
 * get here: src/http/errorBoundary.ts answers them.
 */
import type Koa from 'koa';

import type { Logger } from '../log.js';

/** Errors that say the client sent something broken, or went away: nothing is wrong with the provider. */
function isClientsFault(error: { code?: unknown; status?: unknown; expose?: unknown }): boolean {
  const code = typeof error.code === 'string' ? error.code : '';
  if (code.startsWith('HPE_') || ['ERR_HTTP_REQUEST_TIMEOUT', 'ECONNRESET', 'ECONNABORTED', 'EPIPE'].includes(code)) return true;
  return typeof error.status === 'number' && error.status < 500;
}

export function reportUncaughtErrors(app: Koa, log: Logger): void {
  app.on('error', (error: Error & { code?: unknown; status?: unknown; expose?: unknown }, ctx?: Koa.Context) => {
    const request = ctx ? { method: ctx.method, path: ctx.path } : {};
    if (isClientsFault(error)) {
      log.warn('http.client_error', { ...request, code: error.code, status: error.status, message: error.message });
    } else {
      log.error('http.unhandled_error', { ...request, detail: error.stack ?? String(error) });
    }
  });
}
