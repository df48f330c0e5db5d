/**
 * Every URL the provider emits comes from IDP_ISSUER, whatever Host, X-Forwarded-Host,
 * X-Forwarded-Proto or an absolute request target say ("Host header poisoning": a cache would hand
 * a poisoned discovery document to everyone). Discovery and JWKS say how long they may be cached.
 * Cookies of an https issuer are Secure even when the proxy sends no X-Forwarded-Proto.
 */
import { request } from 'node:http';

import { BrowserSession } from '../support/browserSession.js';
import { registerClient } from '../support/relyingApp.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

interface RawResponse { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/** A request as an attacker writes it: any Host, any headers, any request target. */
function rawRequest(port: number, path: string, headers: Record<string, string>): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const sent = request({ host: '127.0.0.1', port, path, headers, method: 'GET' }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    sent.on('error', reject);
    sent.end();
  });
}

const poisoned = [
  ['a Host header', { Host: 'evil.example' }],
  ['X-Forwarded-Host', { 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'http' }],
  ['X-Forwarded-Host with a port and a list', { 'X-Forwarded-Host': 'evil.example:8443, other.example', 'X-Forwarded-Proto': 'https' }],
  ['Forwarded and X-Forwarded-Proto', { Forwarded: 'host=evil.example;proto=http', 'X-Forwarded-Proto': 'gopher' }],
] as const;

function urlsIn(value: unknown): string[] {
  if (typeof value === 'string') return /^[a-z]+:\/\//i.test(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(urlsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(urlsIn);
  return [];
}

describe.each([
  ['an http issuer (no proxy trusted)', false],
  ['an https issuer behind a trusted proxy', true],
])('URLs the provider emits, for %s', (_name, https) => {
  let provider: TestProvider;
  let port: number;

  beforeAll(async () => {
    provider = await startTestProvider({ https });
    port = provider.settings.port;
  });
  afterAll(() => provider.close());

  it.each(poisoned)('discovery names only the issuer, whatever %s says', async (_what, headers) => {
    const response = await rawRequest(port, '/.well-known/openid-configuration', headers);
    expect(response.status).toBe(200);
    const document = JSON.parse(response.body) as Record<string, unknown>;
    const urls = urlsIn(document);
    expect(urls.length).toBeGreaterThanOrEqual(6);
    for (const url of urls) expect(url.startsWith(`${provider.issuer}/`) || url === provider.issuer).toBe(true);
    expect(document.jwks_uri).toBe(`${provider.issuer}/jwks`);
    expect(response.body).not.toContain('evil.example');
  });

  it('discovery names only the issuer for an absolute request target (GET http://evil.example/...)', async () => {
    const response = await rawRequest(port, 'http://evil.example/.well-known/openid-configuration', { Host: 'evil.example' });
    expect(response.status).toBe(200);
    expect(response.body).not.toContain('evil.example');
    expect((JSON.parse(response.body) as { token_endpoint: string }).token_endpoint).toBe(`${provider.issuer}/token`);
  });

  it('gives discovery and JWKS an explicit Cache-Control', async () => {
    for (const path of ['/.well-known/openid-configuration', '/jwks']) {
      const response = await rawRequest(port, path, { Host: 'evil.example' });
      expect(response.status).toBe(200);
      expect(response.headers['cache-control']).toBe('public, max-age=300');
    }
  });

  it('points the logout form at the issuer, whatever the Host', async () => {
    const client = await registerClient(provider.store);
    const query = new URLSearchParams({ client_id: client.clientId, post_logout_redirect_uri: client.postLogoutRedirectUri! });
    const response = await rawRequest(port, `/session/end?${query}`, { Host: 'evil.example', 'X-Forwarded-Host': 'evil.example' });
    expect(response.status).toBe(200);
    const action = /<form[^>]*action="([^"]+)"/.exec(response.body)?.[1];
    expect(action).toBe(`${provider.issuer}/session/end/confirm`);
    expect(response.body).not.toContain('evil.example');
  });

  it('will send the browser back to the authorization on the issuer after sign-in, whatever the Host', async () => {
    const client = await registerClient(provider.store);
    const query = new URLSearchParams({
      client_id: client.clientId, response_type: 'code', scope: 'openid', redirect_uri: client.redirectUri,
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256',
    });
    const response = await rawRequest(port, `/auth?${query}`, { Host: 'evil.example', 'X-Forwarded-Host': 'evil.example' });
    expect(response.status).toBe(303);
    const uid = /^\/interaction\/([\w-]+)$/.exec(String(response.headers.location))?.[1];
    // Where the browser is sent when the sign-in is done: fixed now, from this request.
    const interaction = await provider.store.oidc.find('Interaction', uid!);
    expect(interaction?.returnTo).toBe(`${provider.issuer}/auth/${uid}`);
    for (const cookie of response.headers['set-cookie'] ?? []) expect(cookie).not.toContain('evil.example');
  });
});

describe('cookies of an https issuer', () => {
  let provider: TestProvider;

  beforeAll(async () => {
    provider = await startTestProvider({ https: true });
  });
  afterAll(() => provider.close());

  it('are Secure even when the proxy sends no X-Forwarded-Proto (or says http)', async () => {
    const client = await registerClient(provider.store);
    const query = new URLSearchParams({
      client_id: client.clientId, response_type: 'code', scope: 'openid', redirect_uri: client.redirectUri,
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256',
    });
    for (const proto of [undefined, 'http']) {
      // A browser behind a proxy that forgets X-Forwarded-Proto (BrowserSession adds it only for a publicOrigin).
      const browser = new BrowserSession(`http://localhost:${provider.settings.port}`);
      const started = await browser.get(`/auth?${query}`, proto ? { 'X-Forwarded-Proto': proto } : {});
      expect(started.status).toBe(303);
      const cookies = started.headers.getSetCookie();
      expect(cookies.length).toBeGreaterThan(0);
      for (const cookie of cookies) expect(cookie).toMatch(/;\s*secure/i);
    }
  });
});
