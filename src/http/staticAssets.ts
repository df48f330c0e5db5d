/**
 * The provider serves its own scripts and styles (no CDN): everything under public/ and the
 * @simplewebauthn/browser bundle, read into memory once at start-up.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative } from 'node:path';
import type { Context, Next } from 'koa';

import { projectRoot } from '../paths.js';

/** A file served from memory, with the ETag of its content. */
export interface Asset { body: Buffer; type: string; etag: string }

const types: Record<string, string> = {
  '.js': 'application/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp', '.ico': 'image/x-icon',
};

/** `body` as an asset; `extension` (`.png`) says its type. */
export function assetOf(body: Buffer, extension: string): Asset {
  return { body, type: types[extension] ?? 'application/octet-stream', etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` };
}

/** Serves the assets by path (GET and HEAD), answering 304 to a browser that has the same ETag. */
export function serveAssets(assets: ReadonlyMap<string, Asset>, maxAgeSeconds: number) {
  return async function serveAsset(ctx: Context, next: Next): Promise<void> {
    const found = ctx.method === 'GET' || ctx.method === 'HEAD' ? assets.get(ctx.path) : undefined;
    if (!found) return next();
    ctx.set('Cache-Control', `public, max-age=${maxAgeSeconds}`);
    ctx.etag = found.etag;
    if (ctx.fresh) {
      ctx.status = 304;
      return;
    }
    ctx.type = found.type;
    ctx.body = found.body;
  };
}

function walk(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

function asset(path: string): Asset {
  return assetOf(readFileSync(path), extname(path));
}

export function staticAssets(prefix = '/static') {
  const assets = new Map<string, Asset>();
  const publicDirectory = join(projectRoot, 'public');
  for (const path of walk(publicDirectory)) assets.set(`${prefix}/${relative(publicDirectory, path)}`, asset(path));
  const require = createRequire(import.meta.url);
  // The package exports only its module entry (script/index.js); the browser bundle sits beside it.
  const browserBundle = join(dirname(require.resolve('@simplewebauthn/browser')), '../dist/bundle/index.umd.min.js');
  assets.set(`${prefix}/vendor/simplewebauthn-browser.js`, asset(browserBundle));

  return serveAssets(assets, 300);
}
