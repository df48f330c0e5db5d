/**
 * The app that people sign in to: the same openid-client relying app the tests use
 * (test/support/relyingApp.ts), with its HTTP going through bench/browser.ts to 127.0.0.1, and ID
 * token signatures checked against the provider's JWKS.
 */
import type * as oidc from 'openid-client';

import { RelyingApp } from '../test/support/relyingApp.js';
import { send, type Target } from './browser.js';

export { RelyingApp };

export interface AppClient { clientId: string; clientSecret: string; redirectUri: string }

function fetchThrough(target: Target): oidc.CustomFetch {
  return async (url, options) => {
    const body = options.body === undefined || options.body === null ? undefined : String(options.body);
    const hop = await send(target, url, { method: options.method, headers: options.headers, body });
    const headers = new Headers();
    for (const [name, value] of Object.entries(hop.headers)) {
      if (typeof value === 'string') headers.set(name, value);
    }
    return new Response(hop.status === 204 || hop.status === 304 ? null : hop.body, { status: hop.status, headers });
  };
}

export function discoverApp(target: Target, client: AppClient): Promise<RelyingApp> {
  return RelyingApp.discover(target.origin, client, { fetch: fetchThrough(target), checkSignatures: true });
}
