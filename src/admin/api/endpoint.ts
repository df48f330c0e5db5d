/**
 * One endpoint of the admin API, declared once: its method and path, the schemas of what it takes
 * and gives, and the step that does the work. The router (adminApi.ts) and the OpenAPI document
 * (openApiDocument.ts) are both made from the same table of endpoints.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';

import type { AdminDeps } from '../deps.js';
import { AdminError } from '../errors.js';
import type { AdminActor } from '../recordChange.js';

export const API_PREFIX = '/api/admin/v1';

/** The API works with what every administration service does (src/admin/deps.ts). */
export type AdminApiDeps = AdminDeps;

export interface ApiRequest<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** The If-Match header, when sent. */
  ifMatch: string | undefined;
  who: AdminActor;
}

export interface ApiAnswer {
  body?: unknown;
  /** The representation's entity tag, for the next If-Match. */
  etag?: string;
}

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface EndpointSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: Method;
  /** Under API_PREFIX, with `{name}` for path parameters, as OpenAPI writes them. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  /** The request may carry If-Match: refused with 412 when the resource changed since. */
  ifMatch?: boolean;
  success: { status: 200 | 201 | 204; description: string; schema?: z.ZodType; etag?: boolean };
  handle(request: ApiRequest<z.output<P>, z.output<Q>, z.output<B>>, deps: AdminApiDeps): Promise<ApiAnswer>;
}

export type Endpoint = EndpointSpec<z.ZodType, z.ZodType, z.ZodType>;

/** Declares an endpoint with its handler typed by its schemas. */
export function endpoint<P extends z.ZodType = z.ZodType<Record<string, never>>, Q extends z.ZodType = z.ZodType<Record<string, never>>, B extends z.ZodType = z.ZodType<undefined>>(
  spec: EndpointSpec<P, Q, B>,
): Endpoint {
  return spec as unknown as Endpoint;
}

/** A strong entity tag of a resource's JSON representation. */
export function etagOf(representation: unknown): string {
  return `"${createHash('sha256').update(JSON.stringify(representation)).digest('base64url').slice(0, 27)}"`;
}

/**
 * Ensure the resource is still the one the client read (RFC 9110 §13.1.1): without If-Match the
 * change applies as sent (updates are idempotent); with it, only while one of its tags matches.
 */
export function checkIfMatch(ifMatch: string | undefined, current: unknown): void {
  if (ifMatch === undefined) return;
  // Strong comparison: a weak tag (W/"…") never matches.
  const tags = ifMatch.split(',').map((tag) => tag.trim());
  if (tags.includes('*') || tags.includes(etagOf(current))) return;
  throw new AdminError('etag_mismatch', `If-Match ${ifMatch}`);
}
