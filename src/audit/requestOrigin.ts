/**
 * Where a request came from, as the audit trail records it: the client address the way the trusted
 * proxies define it (src/http/clientAddress.ts, through Koa's `ctx.ip`), and a short browser
 * description. The full User-Agent is not kept.
 */
import type { Context } from 'koa';

import { describeBrowser } from '../passkeys/describeBrowser.js';

export interface RequestOrigin {
  ip: string | null;
  browser: string | null;
}

export function requestOrigin(ctx: Pick<Context, 'ip' | 'get'>): RequestOrigin {
  return { ip: ctx.ip || null, browser: describeBrowser(ctx.get('User-Agent')) };
}
