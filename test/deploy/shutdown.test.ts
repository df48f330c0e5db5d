/**
 * The provider process as an orchestrator sees it (SQLite here): probes that answer, and a SIGTERM
 * that stops new connections, lets the request in flight finish (a code exchange whose body is
 * still arriving), closes the store and exits 0 within seconds, idle keep-alive connections or not.
 */
import { existsSync } from 'node:fs';
import { Agent, request, type IncomingMessage } from 'node:http';
import { join } from 'node:path';

import { openStore } from '../../src/store/open.js';
import { BrowserSession } from '../support/browserSession.js';
import { signUpByMail } from '../support/mailedJourneys.js';
import { RelyingApp, type RegisteredClient } from '../support/relyingApp.js';
import { startServerProcess, type ServerProcess } from '../support/serverProcess.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtpCapture.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';

let smtp: SmtpCapture;
let server: ServerProcess;
let client: RegisteredClient;
let app: RelyingApp;

beforeAll(async () => {
  smtp = await startSmtpCapture();
  server = await startServerProcess({ smtpUrl: smtp.url });
  const registered = JSON.parse(await server.idp([
    'clients', 'add', '--name', 'Example App', '--redirect-uri', 'https://app.example/callback', '--first-party', '--json',
  ])) as { client_id: string; client_secret: string };
  client = {
    clientId: registered.client_id,
    clientSecret: registered.client_secret,
    redirectUri: 'https://app.example/callback',
    postLogoutRedirectUri: 'https://app.example/signed-out',
  };
  app = await RelyingApp.discover(server.issuer, client);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

/** Resolves with the response once it has been read to the end. */
function answered(pending: Promise<IncomingMessage>): Promise<{ status: number; connection?: string; body: string }> {
  return pending.then((response) => new Promise((resolve, reject) => {
    let body = '';
    response.setEncoding('utf8').on('data', (chunk: string) => { body += chunk; });
    response.on('end', () => resolve({ status: response.statusCode!, connection: response.headers.connection, body }));
    response.on('error', reject);
  }));
}

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !condition(); await new Promise((done) => setTimeout(done, 20))) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
  }
}

describe('the provider process', () => {
  it('answers /healthz (alive) and /readyz (store reachable) on SQLite', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect({ status: health.status, body: await health.json() }).toEqual({ status: 200, body: { status: 'ok' } });
    const ready = await fetch(`${server.url}/readyz`);
    expect({ status: ready.status, body: await ready.json() }).toEqual({ status: 200, body: { status: 'ready' } });
  });

  it('on SIGTERM refuses new connections, finishes the request in flight, closes the store and exits 0', async () => {
    const pending = await app.startSignIn();
    const callback = await signUpByMail(smtp, new BrowserSession(server.issuer), new SoftAuthenticator(), pending.url, 'ada@example.com');
    const code = new URL(callback.location!).searchParams.get('code')!;

    // A keep-alive connection left idle, as a browser or a load balancer keeps them.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    expect((await answered(new Promise((resolve) => request(`${server.url}/healthz`, { agent }, resolve).end()))).status).toBe(200);

    // The code exchange begins: headers and half of the body now, the rest after the signal.
    const body = new URLSearchParams({
      grant_type: 'authorization_code', code, redirect_uri: client.redirectUri, code_verifier: pending.verifier,
    }).toString();
    const exchange = request(`${server.url}/token`, {
      method: 'POST',
      agent: new Agent({ keepAlive: true }),
      headers: {
        Authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
        'Content-Length': Buffer.byteLength(body),
      },
    });
    const response = answered(new Promise((resolve, reject) => exchange.on('response', resolve).on('error', reject)));
    exchange.write(body.slice(0, 20));
    await new Promise((done) => setTimeout(done, 200));

    const signalledAt = Date.now();
    server.kill('SIGTERM');
    await until(() => server.log().includes('"server.stopping"'), 'the server to log that it is stopping');
    await expect(fetch(`${server.url}/healthz`)).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });

    exchange.end(body.slice(20));
    const { status, connection, body: answer } = await response;
    expect(status).toBe(200);
    // Its keep-alive connection ends with it, rather than lingering (and taking requests) until it times out.
    expect(connection).toBe('close');
    expect(JSON.parse(answer)).toMatchObject({ access_token: expect.any(String), id_token: expect.any(String) });

    const exit = await server.exited;
    const stoppedIn = Date.now() - signalledAt;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(stoppedIn).toBeLessThan(3_000);
    agent.destroy();

    // The store was closed, not abandoned: SQLite folds its write-ahead log into the database file
    // and removes it only on a clean close; the token issued in flight is in that file.
    expect(server.log()).toMatch(/"server\.stopped"/);
    const filename = join(server.dataDir, 'idp.db');
    expect(existsSync(`${filename}-wal`)).toBe(false);
    const store = await openStore(`sqlite:${filename}`);
    try {
      expect(await store.oidc.count('AccessToken')).toBe(1);
    } finally {
      await store.close();
    }
    console.info(`SIGTERM to exit: ${stoppedIn} ms, with a request in flight`);
  });
});
