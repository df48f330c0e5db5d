/**
 * Every refused OAuth request is one JSON log line `oauth.refused` with its reason and the request id
 * that the person's page (or the app's response header) shows.
 */
import { registerClient, type RegisteredClient } from '../support/relyingApp.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

describe('refused OAuth requests', () => {
  let provider: TestProvider;
  let client: RegisteredClient;

  beforeAll(async () => {
    provider = await startTestProvider();
    client = await registerClient(provider.store);
  });
  afterAll(() => provider.close());

  function refusals() {
    return provider.log.lines.filter((line) => line.event === 'oauth.refused');
  }
  function shownId(body: string): string {
    const id = /Reference for support: <code>([0-9a-f]{12})<\/code>/.exec(body)?.[1];
    if (!id) throw new Error(`no request id on the page: ${body.slice(0, 500)}`);
    return id;
  }
  function authorize(parameters: Record<string, string>) {
    const url = new URL('/auth', provider.origin);
    for (const [key, value] of Object.entries({ response_type: 'code', scope: 'openid', ...parameters })) url.searchParams.set(key, value);
    return fetch(url, { redirect: 'manual', headers: { Accept: 'text/html' } });
  }

  it('logs an unregistered redirect URI with the id the error page shows, and never redirects', async () => {
    const before = refusals().length;
    const response = await authorize({ client_id: client.clientId, redirect_uri: 'https://evil.example/callback', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    const id = shownId(await response.text());
    expect(response.headers.get('x-request-id')).toBe(id);
    expect(refusals().slice(before)).toEqual([expect.objectContaining({
      level: 'warn', requestId: id, endpoint: 'authorization', error: 'invalid_redirect_uri',
      clientId: client.clientId, redirectUri: 'https://evil.example/callback', status: 400,
    })]);
  });

  it('logs an unknown client', async () => {
    const before = refusals().length;
    const response = await authorize({ client_id: 'no-such-app', redirect_uri: client.redirectUri });
    const id = shownId(await response.text());
    expect(refusals().slice(before)).toEqual([expect.objectContaining({ requestId: id, endpoint: 'authorization', error: 'invalid_client', clientId: 'no-such-app' })]);
  });

  it('logs a missing PKCE, which goes back to the app, with the id of the response header', async () => {
    const before = refusals().length;
    const response = await authorize({ client_id: client.clientId, redirect_uri: client.redirectUri, state: 's' });
    expect(response.status).toBe(303);
    expect(new URL(response.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
    const [line] = refusals().slice(before);
    expect(line).toMatchObject({ endpoint: 'authorization', error: 'invalid_request', requestId: response.headers.get('x-request-id') });
    expect(String(line!.description)).toMatch(/PKCE/);
  });

  it('logs a token request from an unknown client, and never its secret or code', async () => {
    const before = refusals().length;
    const response = await fetch(`${provider.origin}/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${Buffer.from('nobody:s3cret-value').toString('base64')}` },
      body: 'grant_type=authorization_code&code=secret-code-value&redirect_uri=https%3A%2F%2Fapp.example%2Fcallback',
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
    const lines = refusals().slice(before);
    expect(lines).toEqual([expect.objectContaining({ endpoint: 'grant', error: 'invalid_client', requestId: response.headers.get('x-request-id') })]);
    expect(JSON.stringify(lines)).not.toMatch(/s3cret-value|secret-code-value/);
  });

  it('logs a logout to an unregistered post-logout URI with the id the page shows', async () => {
    const before = refusals().length;
    const url = new URL('/session/end', provider.origin);
    url.searchParams.set('client_id', client.clientId);
    url.searchParams.set('post_logout_redirect_uri', 'https://evil.example/bye');
    const response = await fetch(url, { redirect: 'manual', headers: { Accept: 'text/html' } });
    expect(response.status).toBe(400);
    const id = shownId(await response.text());
    expect(refusals().slice(before)).toEqual([expect.objectContaining({
      requestId: id, endpoint: 'end_session', error: 'invalid_request', postLogoutRedirectUri: 'https://evil.example/bye',
    })]);
  });
});
