/**
 * Every refusal and failure of the admin API becomes an RFC 9457 problem details object
 * (application/problem+json), in this one place. `code` is the stable code of the error catalog;
 * `detail` is its public message; field errors list each refused field as a JSON pointer. A fault
 * of ours is a plain 500 with a request id that the log line carries too; its detail is only logged.
 */
import { randomBytes } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Context } from 'koa';

import { AppSettingError, UnknownAppError } from '../../clients/errors.js';
import { PublicError } from '../../errors/publicError.js';
import type { Logger } from '../../log.js';
import { isStoreUnavailable } from '../../store/failures.js';
import { InvalidRequestError } from '../errors.js';

interface Problem {
  type: 'about:blank';
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: Array<{ pointer: string; message: string }>;
  requestId?: string;
}

function toPublicError(error: unknown): PublicError {
  if (error instanceof AppSettingError) return new InvalidRequestError([{ pointer: `/${error.setting}`, message: error.problem }]);
  if (error instanceof UnknownAppError) return new PublicError('client_not_found', error.message);
  if (error instanceof PublicError) return error;
  if (isStoreUnavailable(error)) return new PublicError('store_unavailable', (error as Error).message);
  return new PublicError('internal', error instanceof Error ? error.stack : String(error));
}

export function answerProblem(ctx: Context, thrown: unknown, log: Logger): void {
  const error = toPublicError(thrown);
  const problem: Problem = {
    type: 'about:blank',
    title: STATUS_CODES[error.status] ?? 'Error',
    status: error.status,
    detail: error.code === 'bad_request' && error.detail ? `${error.publicMessage} (${error.detail})` : error.publicMessage,
    code: error.code,
  };
  if (error instanceof InvalidRequestError) problem.errors = error.errors;
  const requestId = randomBytes(6).toString('hex');
  if (!error.expose) problem.requestId = requestId;
  (error.expose ? log.warn : log.error)('admin_api.refused', {
    requestId, code: error.code, status: error.status, method: ctx.method, path: ctx.path, detail: error.detail,
  });
  if (error.status === 401) ctx.set('WWW-Authenticate', `Bearer realm="admin-api"${error.code === 'api_key_invalid' ? ', error="invalid_token"' : ''}`);
  if (error.status === 503) ctx.set('Retry-After', '5');
  ctx.status = error.status;
  ctx.type = 'application/problem+json';
  ctx.body = JSON.stringify(problem);
}
