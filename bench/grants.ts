/**
 * Token endpoint grants without a person present: client_credentials (a service asking for its own
 * access token) and refresh_token (an app renewing a signed-in person's tokens; the refresh token
 * rotates, so each chain goes on with the token it was just given).
 */
import { performance } from 'node:perf_hooks';

import { send, type Target } from './browser.js';
import type { Operation } from './load.js';

function tokenRequest(target: Target, client: { clientId: string; clientSecret: string }, fields: Record<string, string>) {
  const basic = Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString('base64');
  return send(target, '/token', {
    method: 'POST',
    body: new URLSearchParams(fields).toString(),
    headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
  });
}

async function timed(request: () => ReturnType<typeof tokenRequest>, check: (json: Record<string, unknown>) => void) {
  const started = performance.now();
  const hop = await request();
  const ms = performance.now() - started;
  if (hop.status !== 200) throw new Error(`token endpoint: HTTP ${hop.status} ${hop.body.slice(0, 200)}`);
  check(JSON.parse(hop.body) as Record<string, unknown>);
  return { token: ms };
}

export function clientCredentialsGrant(target: Target, client: { clientId: string; clientSecret: string }): Operation {
  return () => timed(() => tokenRequest(target, client, { grant_type: 'client_credentials' }), (json) => {
    if (typeof json.access_token !== 'string') throw new Error('no access_token');
  });
}

/** One operation per chain at a time: chain i always continues with its newest refresh token. */
export function refreshGrants(target: Target, client: { clientId: string; clientSecret: string }, refreshTokens: string[]): Operation {
  const idle = [...refreshTokens];
  return async () => {
    const refreshToken = idle.pop();
    if (!refreshToken) throw new Error('more concurrent refreshes than chains');
    let next = refreshToken;
    try {
      return await timed(() => tokenRequest(target, client, { grant_type: 'refresh_token', refresh_token: refreshToken }), (json) => {
        if (typeof json.refresh_token !== 'string' || typeof json.access_token !== 'string') throw new Error('no rotated refresh token');
        next = json.refresh_token;
      });
    } finally {
      // A failed refresh leaves the chain on its old token, which a retry would show as replayed.
      idle.push(next);
    }
  };
}
