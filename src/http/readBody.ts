/**
 * Reads a small JSON or form body and checks it against the fields a step expects.
 * Unknown fields, wrong types, malformed JSON and oversized bodies are refused with a 4xx that says
 * what is wrong; nothing reaches the step.
 */
import type { Context } from 'koa';

import { PublicError } from '../errors/publicError.js';

const LIMIT_BYTES = 64 * 1024;

async function readText(ctx: Context): Promise<string> {
  const declared = Number(ctx.get('Content-Length') || 0);
  if (declared > LIMIT_BYTES) throw new PublicError('body_too_large', `Content-Length ${declared}`);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of ctx.req) {
      size += (chunk as Buffer).length;
      if (size > LIMIT_BYTES) throw new PublicError('body_too_large', `more than ${LIMIT_BYTES} bytes`);
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof PublicError) throw error;
    // The client went away, or the server's request timeout cut a body that came in too slowly.
    throw new PublicError('bad_request', `the body was cut off (${(error as { code?: string }).code ?? (error as Error).message})`);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function readBody(ctx: Context): Promise<Record<string, unknown>> {
  if (ctx.request.is('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readText(ctx));
    } catch (error) {
      if (error instanceof PublicError) throw error;
      throw new PublicError('bad_request', 'malformed JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new PublicError('bad_request', 'JSON body is not an object');
    return parsed as Record<string, unknown>;
  }
  if (ctx.request.is('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(await readText(ctx)));
  }
  if (!ctx.get('Content-Type') && Number(ctx.get('Content-Length') || 0) === 0) return {};
  throw new PublicError('unsupported_media_type', ctx.get('Content-Type'));
}

type FieldType = 'string' | 'string?' | 'object';
export type FieldShape = Record<string, FieldType>;
export type Fields<S extends FieldShape> = {
  [K in keyof S]: S[K] extends 'string' ? string : S[K] extends 'string?' ? string | undefined : Record<string, unknown>;
};

/** Reads the body and checks it has exactly the fields of `shape` (optional ones may be missing). */
export async function readFields<S extends FieldShape>(ctx: Context, shape: S): Promise<Fields<S>> {
  const body = await readBody(ctx);
  for (const name of Object.keys(body)) {
    if (!Object.hasOwn(shape, name)) throw new PublicError('bad_request', `unknown field "${name}"`);
  }
  for (const [name, type] of Object.entries(shape)) {
    const value = body[name];
    if (value === undefined && type === 'string?') continue;
    if (value === undefined) throw new PublicError('bad_request', `missing field "${name}"`);
    const ok = type === 'object' ? typeof value === 'object' && value !== null && !Array.isArray(value) : typeof value === 'string';
    if (!ok) throw new PublicError('bad_request', `field "${name}" must be ${type === 'object' ? 'an object' : 'a string'}`);
  }
  return body as Fields<S>;
}
