/**
 * Turns every error thrown by the provider's own routes into a response, in one place:
 * a page for browsers, `{ error, message }` for fetch calls. Only the catalog's public message is
 * shown, in the request's language; the detail and stack go to the log with the request id that
 * the page shows. An address nothing answers (404, or 405 for a method it does not take) gets the
 * same styled page rather than the bare text Koa would send.
 */
import type { Context, Next } from 'koa';

import { errors as oidcErrors } from 'oidc-provider';

import { AppSettingError, UnknownAppError } from '../clients/errors.js';
import { PublicError } from '../errors/publicError.js';
import { t } from '../i18n/t.js';
import type { Logger } from '../log.js';
import { RateLimitedError } from '../rateLimits/limitAttempts.js';
import { isStoreUnavailable } from '../store/failures.js';
import { requestIdOf } from './requestId.js';
import type { Views } from './views.js';

function toPublicError(error: unknown): PublicError {
  // Every domain error (PasskeyError, AccessError, MailDeliveryError, ...) is a PublicError.
  if (error instanceof PublicError) return error;
  // The app services' own refusals (src/clients/errors.ts), for the console's pages.
  if (error instanceof UnknownAppError) return new PublicError('client_not_found', error.message);
  if (error instanceof AppSettingError) return new PublicError('bad_request', `${error.setting}: ${error.problem}`);
  // oidc-provider: the interaction cookie or record is gone (expired, finished, other browser).
  if (error instanceof oidcErrors.SessionNotFound) return new PublicError('interaction_expired', error.message);
  if (isStoreUnavailable(error)) return new PublicError('store_unavailable', (error as Error).message);
  return new PublicError('internal', error instanceof Error ? error.stack : String(error));
}

export function wantsJson(ctx: Context): boolean {
  return Boolean(ctx.request.is('application/json')) || ctx.accepts('html', 'json') === 'json';
}

function answerUnanswered(ctx: Context, views: Views): void {
  const status = ctx.status;
  if ((status !== 404 && status !== 405) || ctx.body != null) return;
  const message = status === 404 ? t('error.not_found') : t('errorPage.methodNotAllowed');
  if (wantsJson(ctx)) {
    ctx.body = { error: status === 404 ? 'not_found' : 'method_not_allowed', message };
  } else {
    ctx.type = 'html';
    ctx.body = views.render('error', { heading: status === 404 ? t('errorPage.notFoundTitle') : t('errorPage.title'), message });
  }
  ctx.status = status;
}

export function errorBoundary(deps: { views: Views; log: Logger }) {
  return async function handleErrors(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
      answerUnanswered(ctx, deps.views);
    } catch (thrown) {
      const error = toPublicError(thrown);
      const requestId = requestIdOf(ctx);
      const { status, expose } = error;
      // A malformed request is told exactly what is wrong with it; the detail names only fields.
      const message = error.code === 'bad_request' && error.detail
        ? `${t('error.bad_request')} (${error.detail})`
        : t(`error.${error.code}`);
      (expose ? deps.log.warn : deps.log.error)('http.error', {
        requestId, code: error.code, status, method: ctx.method, path: ctx.path, detail: error.detail,
      });
      ctx.status = status;
      // RFC 9110 §10.2.3: when a refused client may try again.
      if (error instanceof RateLimitedError) ctx.set('Retry-After', String(error.retryAfterSeconds));
      if (wantsJson(ctx)) {
        ctx.body = { error: error.code, message, ...(error.field ? { field: error.field } : {}), ...(expose ? {} : { requestId }) };
      } else {
        ctx.type = 'html';
        ctx.body = deps.views.render('error', { message, requestId: expose ? null : requestId });
      }
    }
  };
}
