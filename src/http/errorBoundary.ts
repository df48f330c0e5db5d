/**
 * Turns every error thrown by the provider's own routes into a response, in one place:
 * a page for browsers, `{ error, message }` for fetch calls. Only the catalog's public message is
 * shown; the detail and stack go to the log with the request id that the page shows.
 */
import { randomBytes } from 'node:crypto';
import type { Context, Next } from 'koa';

import type { Logger } from '../log.js';
import { isStoreUnavailable } from '../store/failures.js';
import { catalog, PublicError, type ErrorCode } from './errors.js';
import type { Views } from './views.js';

function toPublicError(error: unknown): PublicError {
  if (error instanceof PublicError) return error;
  const { name, code, message } = (error ?? {}) as { name?: string; code?: unknown; message?: string };
  // PasskeyError (src/passkeys) carries a code from the same catalog.
  if (name === 'PasskeyError' && typeof code === 'string' && code in catalog) return new PublicError(code as ErrorCode, message);
  // oidc-provider: the interaction cookie or record is gone (expired, finished, other browser).
  if (name === 'SessionNotFound') return new PublicError('interaction_expired', message);
  // src/email/mailer.ts: every retry failed; the person is told to try again, and loses nothing.
  if (name === 'MailDeliveryError') return new PublicError('mail_failed', message);
  if (isStoreUnavailable(error)) return new PublicError('store_unavailable', message);
  return new PublicError('internal', error instanceof Error ? error.stack : String(error));
}

export function wantsJson(ctx: Context): boolean {
  return Boolean(ctx.request.is('application/json')) || ctx.accepts('html', 'json') === 'json';
}

export function errorBoundary(deps: { views: Views; log: Logger }) {
  return async function handleErrors(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
    } catch (thrown) {
      const error = toPublicError(thrown);
      const requestId = randomBytes(6).toString('hex');
      const { status } = catalog[error.code];
      // A malformed request is told exactly what is wrong with it; the detail names only fields.
      const message = error.code === 'bad_request' && error.detail
        ? `${catalog.bad_request.message} (${error.detail})`
        : catalog[error.code].message;
      (status >= 500 ? deps.log.error : deps.log.warn)('http.error', {
        requestId, code: error.code, status, method: ctx.method, path: ctx.path, detail: error.detail,
      });
      ctx.status = status;
      if (wantsJson(ctx)) {
        ctx.body = { error: error.code, message, ...(status >= 500 ? { requestId } : {}) };
      } else {
        ctx.type = 'html';
        ctx.body = deps.views.render('error', { title: 'Something went wrong', message, requestId: status >= 500 ? requestId : null });
      }
    }
  };
}
