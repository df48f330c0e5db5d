/**
 * Cross-site request defence for every state-changing request to the provider's own pages
 * (OWASP ASVS 3.5.1–3.5.3): the browser must say the request comes from our origin.
 * Sec-Fetch-Site, where the browser sends it, decides: pages cannot forge it, and it stays exact
 * where Origin does not (with `Referrer-Policy: no-referrer`, which our pages send, a form POST
 * carries `Origin: null`). Older browsers are judged by Origin. A request that says neither is
 * refused: every browser that can create a passkey sends at least one of them.
 */
import type { Context, Next } from 'koa';

import { PublicError } from '../errors/publicError.js';

export function requireSameOrigin(issuer: string) {
  const origin = new URL(issuer).origin;
  return async function checkSameOrigin(ctx: Context, next: Next): Promise<void> {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
      const site = ctx.get('Sec-Fetch-Site');
      const from = ctx.get('Origin');
      if (site) {
        if (site !== 'same-origin') throw new PublicError('cross_site_request', `Sec-Fetch-Site: ${site}`);
      } else if (from !== origin) {
        throw new PublicError('cross_site_request', from ? `Origin: ${from}` : 'neither Origin nor Sec-Fetch-Site');
      }
    }
    await next();
  };
}
