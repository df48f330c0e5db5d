/**
 * The smallest web app that signs people in with this provider: openid-client, the authorization
 * code flow with PKCE, state and nonce, the claims shown on the page, and RP-initiated logout with
 * the ID token as hint. Sessions live in memory, named by a random cookie. It is what `npm run demo`
 * shows a newcomer; read it as a recipe for any server-side app.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';

export interface DemoAppOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where the app listens on 127.0.0.1; 0 for a free port. Its URL is http://localhost:PORT. */
  port: number;
}

export interface DemoApp {
  url: string;
  close(): Promise<void>;
}

interface DemoSession {
  pending?: { state: string; nonce: string; verifier: string };
  claims?: oidc.IDToken;
  idToken?: string;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(response: ServerResponse, body: string, status = 200): void {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  response.end(`<!doctype html><meta charset="utf-8"><title>Demo app</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}pre{background:#f4f4f4;padding:1rem;overflow:auto}</style>
${body}`);
}

function redirect(response: ServerResponse, location: string, cookie?: string): void {
  response.writeHead(303, { location, 'cache-control': 'no-store', ...(cookie ? { 'set-cookie': cookie } : {}) });
  response.end();
}

/**
 * Starts the app. Callers register it first with the redirect URI http://localhost:PORT/callback and
 * the post-logout URI http://localhost:PORT/ (so a fixed port, or `listen` before registering).
 */
export async function startDemoApp(options: DemoAppOptions): Promise<DemoApp> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const url = `http://localhost:${(server.address() as AddressInfo).port}`;
  const issuerUrl = new URL(options.issuer);
  const config = await oidc.discovery(issuerUrl, options.clientId, options.clientSecret, undefined,
    issuerUrl.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined);
  const sessions = new Map<string, DemoSession>();

  function sessionOf(request: IncomingMessage): { id: string; session: DemoSession; isNew: boolean } {
    const id = /(?:^|;\s*)demo_session=([A-Za-z0-9_-]+)/.exec(request.headers.cookie ?? '')?.[1];
    if (id && sessions.has(id)) return { id, session: sessions.get(id)!, isNew: false };
    const fresh = randomBytes(16).toString('base64url');
    sessions.set(fresh, {});
    return { id: fresh, session: sessions.get(fresh)!, isNew: true };
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const current = new URL(request.url ?? '/', url);
    const { id, session, isNew } = sessionOf(request);
    const cookie = isNew ? `demo_session=${id}; Path=/; HttpOnly; SameSite=Lax` : undefined;
    if (isNew) response.setHeader('set-cookie', cookie!);

    if (current.pathname === '/' && request.method === 'GET') {
      if (!session.claims) {
        page(response, `<h1>Demo app</h1><p>You are not signed in.</p><p><a id="sign-in" href="/login">Sign in with ${escapeHtml(issuerUrl.host)}</a></p>`);
        return;
      }
      const who = session.claims.email ?? session.claims.sub;
      page(response, `<h1>Demo app</h1><p id="signed-in">Signed in as <strong>${escapeHtml(String(who))}</strong>.</p>
<p>The ID token's claims:</p><pre id="claims">${escapeHtml(JSON.stringify(session.claims, null, 2))}</pre>
<p><a id="sign-out" href="/logout">Sign out</a></p>`);
      return;
    }
    if (current.pathname === '/login') {
      const pending = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier() };
      session.pending = pending;
      const authorizationUrl = oidc.buildAuthorizationUrl(config, {
        redirect_uri: `${url}/callback`,
        scope: 'openid email profile',
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: 'S256',
      });
      redirect(response, authorizationUrl.href, cookie);
      return;
    }
    if (current.pathname === '/callback') {
      const pending = session.pending;
      delete session.pending;
      if (!pending) {
        page(response, '<h1>Demo app</h1><p>This sign-in was not started here (or was already finished). <a href="/">Start again</a>.</p>', 400);
        return;
      }
      try {
        const tokens = await oidc.authorizationCodeGrant(config, current, {
          pkceCodeVerifier: pending.verifier, expectedState: pending.state, expectedNonce: pending.nonce,
        });
        session.claims = tokens.claims();
        session.idToken = tokens.id_token;
        redirect(response, '/');
      } catch (error) {
        page(response, `<h1>Demo app</h1><p>Sign-in failed: ${escapeHtml((error as Error).message)}</p><p><a href="/">Back</a></p>`, 400);
      }
      return;
    }
    if (current.pathname === '/logout') {
      const idToken = session.idToken;
      sessions.delete(id);
      if (!idToken) {
        redirect(response, '/');
        return;
      }
      redirect(response, oidc.buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: `${url}/` }).href);
      return;
    }
    page(response, '<h1>Not found</h1>', 404);
  }

  server.on('request', (request, response) => {
    handle(request, response).catch((error: Error) => page(response, `<h1>Error</h1><p>${escapeHtml(error.message)}</p>`, 500));
  });
  return {
    url,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
