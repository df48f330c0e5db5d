/**
 * Turns every error thrown by the provider's own routes into a response, in one place:
 * a page for browsers, `{ error, message }` for fetch calls. Only the catalog's public message is
 * shown; the detail and stack go to the log with the request id that the page shows.
 */
import type { Context, Next } from 'koa';

import { errors as oidcErrors } from 'oidc-provider';

import { catalog } from '../errors/catalog.js';
import { PublicError } from '../errors/publicError.js';
import type { Logger } from '../log.js';
import { isStoreUnavailable } from '../store/failures.js';
import { requestIdOf } from './requestId.js';
import type { Views } from './views.js';

function toPublicError(error: unknown): PublicError {
  // Every domain error (PasskeyError, AccessError, MailDeliveryError, ...) is a PublicError.
  if (error instanceof PublicError) return error;
  // oidc-provider: the interaction cookie or record is gone (expired, finished, other browser).
  if (error instanceof oidcErrors.SessionNotFound) return new PublicError('interaction_expired', error.message);
  if (isStoreUnavailable(error)) return new PublicError('store_unavailable', (error as Error).message);
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
      const requestId = requestIdOf(ctx);
      const { status, expose } = error;
      // A malformed request is told exactly what is wrong with it; the detail names only fields.
      const message = error.code === 'bad_request' && error.detail
        ? `${catalog.bad_request.message} (${error.detail})`
        : error.publicMessage;
      (expose ? deps.log.warn : deps.log.error)('http.error', {
        requestId, code: error.code, status, method: ctx.method, path: ctx.path, detail: error.detail,
      });
      ctx.status = status;
      if (wantsJson(ctx)) {
        ctx.body = { error: error.code, message, ...(expose ? {} : { requestId }) };
      } else {
        ctx.type = 'html';
        ctx.body = deps.views.render('error', { title: 'Something went wrong', message, requestId: expose ? null : requestId });
      }
    }
  };
}
