/**
 * The admin REST API under /api/admin/v1/: one middleware in front of the provider's own routes.
 * For each request, in this order:
 *   match an endpoint (else 404) → API key (Authorization: Bearer; never a cookie) → scope
 *   (read-only keys only read) → path, query and body checked by the endpoint's schemas → the step.
 * Everything refused or failed is answered as problem details (problems.ts); nothing else answers.
 * The OpenAPI document at /api/admin/v1/openapi.json needs no key: it describes, it opens nothing.
 */
import type { Context, Next } from 'koa';
import type { z } from 'zod';

import { readBody } from '../../http/readBody.js';
import { describeBrowser } from '../../passkeys/describeBrowser.js';
import { PublicError } from '../../errors/publicError.js';
import { authenticateApiKey, checkApiKeyScope } from '../apiKeys.js';
import { AdminError, InvalidRequestError } from '../errors.js';
import { API_PREFIX, type AdminApiDeps, type Endpoint } from './endpoint.js';
import { endpoints } from './endpoints/index.js';
import { createOpenApiDocument } from './openApiDocument.js';
import { answerProblem } from './problems.js';

interface Route {
  endpoint: Endpoint;
  method: string;
  pattern: RegExp;
  names: string[];
}

function routeOf(endpoint: Endpoint): Route {
  const names: string[] = [];
  const source = endpoint.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_match, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { endpoint, method: endpoint.method.toUpperCase(), pattern: new RegExp(`^${API_PREFIX}${source}$`), names };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new AdminError('not_found', 'malformed path');
  }
}

function parse<S extends z.ZodType>(schema: S, input: unknown, where: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new InvalidRequestError(result.error.issues.map((issue) => ({
    pointer: `${where}/${issue.path.map((part) => String(part).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`.replace(/\/$/, '') || '/',
    message: issue.message,
  })));
}

async function readJson(ctx: Context): Promise<unknown> {
  if (!ctx.get('Content-Type') && Number(ctx.get('Content-Length') || 0) === 0) return {};
  if (!ctx.request.is('application/json')) throw new PublicError('unsupported_media_type', ctx.get('Content-Type'));
  return readBody(ctx);
}

export function adminApi(deps: AdminApiDeps) {
  const routes = endpoints.map(routeOf);
  let document: unknown = null;

  return async function serveAdminApi(ctx: Context, next: Next): Promise<void> {
    if (ctx.path !== API_PREFIX && !ctx.path.startsWith(`${API_PREFIX}/`)) return next();
    ctx.set('Cache-Control', 'no-store');
    try {
      if (ctx.path === `${API_PREFIX}/openapi.json` && (ctx.method === 'GET' || ctx.method === 'HEAD')) {
        document ??= createOpenApiDocument(deps.settings.issuer, endpoints);
        ctx.body = document;
        return;
      }
      const onPath = routes.filter((route) => route.pattern.test(ctx.path));
      const route = onPath.find((candidate) => candidate.method === ctx.method);
      if (!route) throw new AdminError('not_found', `${ctx.method} ${ctx.path}`);

      const apiKey = await authenticateApiKey(deps, ctx.get('Authorization') || undefined);
      checkApiKeyScope(apiKey, ctx.method);

      const { endpoint } = route;
      const values = route.pattern.exec(ctx.path)!.slice(1).map(decode);
      const rawParams = Object.fromEntries(route.names.map((name, index) => [name, values[index]]));
      let params: unknown = {};
      if (endpoint.params) {
        const parsed = endpoint.params.safeParse(rawParams);
        // An id that could never exist is simply not there.
        if (!parsed.success) throw new AdminError('not_found', 'path parameter out of range');
        params = parsed.data;
      }
      const query = endpoint.query ? parse(endpoint.query, { ...ctx.query }, '#query') : {};
      const body = endpoint.body ? parse(endpoint.body, await readJson(ctx), '') : undefined;
      const answer = await endpoint.handle({
        params, query, body,
        ifMatch: ctx.get('If-Match') || undefined,
        who: {
          actor: `api-key:${apiKey.id}`,
          personId: apiKey.createdBy,
          origin: { ip: ctx.ip, browser: describeBrowser(ctx.get('User-Agent')) },
        },
      }, deps);
      ctx.status = endpoint.success.status;
      if (answer.etag) ctx.set('ETag', answer.etag);
      if (endpoint.success.status !== 204) ctx.body = answer.body;
    } catch (error) {
      answerProblem(ctx, error, deps.log);
    }
  };
}
