/**
 * The README's two gateway recipes, run for real by `npm run recipes`: oauth2-proxy v7 in front of a small
 * upstream that shows the headers oauth2-proxy passes, and Apache httpd with mod_auth_openidc protecting a
 * page that shows the email claim. Each is registered as an ordinary app with the defaults (confidential,
 * RS256, PKCE required), started on an http://localhost port with the README's settings, and visited in
 * Chromium by a person who signs in with a passkey; then the app's own sign-out is checked to end the
 * provider session (the next visit asks for the passkey again).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { registerApp, type NewApp, type RegisteredApp } from '../../src/clients/relyingApps.js';
import type { Response } from 'playwright-core';

import type { ConformancePerson } from '../conformance/person.js';
import type { TestProvider } from '../support/testProvider.js';

const here = join(import.meta.dirname, '../../../test/recipes');
export const STEP_MS = 30_000;

export const OAUTH2_PROXY_VERSION = 'v7.15.6';
const goCache = join(tmpdir(), 'passkey-id-recipes-go');
const oauth2ProxyBin = join(goCache, `oauth2-proxy-${OAUTH2_PROXY_VERSION}`);
const oauth2ProxyBinary = join(oauth2ProxyBin, 'oauth2-proxy');

/** A line of the run's outcome: SIGNED IN / SIGNED OUT / SHOWN for a check that held, FAILED or SKIPPED. */
export type Outcome = string;

export class Skip extends Error {}

export function register(provider: TestProvider, app: NewApp): Promise<RegisteredApp> {
  return registerApp(provider.store, app, { randomBytes: (size) => randomBytes(size), now: () => new Date() });
}

/** A free port whose http://localhost origin cannot be mistaken for the issuer's by a prefix match. */
export async function freePort(issuer: string): Promise<number> {
  for (;;) {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (!`http://localhost:${port}`.startsWith(issuer) && !issuer.startsWith(`http://localhost:${port}`)) return port;
  }
}

export interface Program {
  child: ChildProcess;
  /** What the program printed so far (stdout and stderr), for a failure's message. */
  output(): string;
  stop(): Promise<void>;
}

/** `logFile`: where the program writes its log instead of stdout/stderr (httpd's ErrorLog), read into output(). */
export function startProgram(command: string, args: string[], env: Record<string, string>, logFile?: string): Program {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => output + (logFile && existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** Waits until the program answers HTTP on its port (any status), or says why it did not. */
export async function waitForHttp(program: Program, port: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (program.child.exitCode !== null) throw new Error(`it stopped at start:\n${program.output()}`);
    const answered = await new Promise<boolean>((resolve) => {
      const request = httpRequest({ host: '127.0.0.1', port, path: '/', method: 'GET' }, (response) => { response.resume(); resolve(true); });
      request.on('error', () => resolve(false));
      request.end();
    });
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`it did not answer on port ${port}:\n${program.output()}`);
}

export interface Arrival {
  /** Where the browser stopped after the provider: a page of the app. */
  url: string;
  /** The provider showed its sign-in page (there was no provider session to sign in from). */
  askedForPasskey: boolean;
}

/**
 * The person opens `url` of the app (which sends them to the provider, or straight back when the provider
 * still has a session), signs in with the passkey if asked, and comes back to the app.
 */
export async function signInThrough(person: ConformancePerson, provider: TestProvider, url: string, appOrigin: string): Promise<Arrival> {
  const { page } = person;
  await page.goto(url, { timeout: STEP_MS });
  await page.waitForLoadState('load', { timeout: STEP_MS }).catch(() => {});
  if (!page.url().startsWith(`${provider.issuer}/`)) return { url: page.url(), askedForPasskey: false };
  const heading = ((await page.locator('h1').first().textContent({ timeout: STEP_MS }).catch(() => '')) ?? '').trim();
  const outcome = await person.visit(page.url());
  if (outcome.ended !== 'elsewhere' || !outcome.detail.startsWith(`${appOrigin}/`)) {
    throw new Error(`the browser did not come back to the app: ${outcome.ended} ${outcome.detail}`);
  }
  return { url: outcome.detail, askedForPasskey: heading === 'Sign in' || heading.startsWith('Sign in to ') };
}

/** The query the provider sent the browser back to the app with (the last redirect into the app's callback). */
export function callbackQuery(response: Response | null, callbackPath: string): string {
  for (let request = response?.request() ?? null; request; request = request.redirectedFrom()) {
    const url = new URL(request.url());
    if (url.pathname === callbackPath) return url.search;
  }
  return '(none)';
}

/** The text of the page the browser is on, shortened, for the run's report. */
export async function pageText(person: ConformancePerson): Promise<string> {
  // textContent, not innerText: oauth2-proxy's error page keeps its reason in a folded "More Info" section.
  const text = (await person.page.locator('body').textContent({ timeout: STEP_MS }).catch(() => '')) ?? '';
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

export function logEvents(provider: TestProvider, event: string, clientId: string, since: number): Array<Record<string, unknown>> {
  return provider.log.lines.slice(since).filter((line) => line.event === event && line.client_id === clientId);
}

// ---------------------------------------------------------------------------------------------------
// oauth2-proxy

function ensureOauth2Proxy(): string {
  if (existsSync(oauth2ProxyBinary)) return oauth2ProxyBinary;
  console.log(`Installing oauth2-proxy ${OAUTH2_PROXY_VERSION} with go install into ${goCache} (first run only)…`);
  const result = spawnSync('go', ['install', `github.com/oauth2-proxy/oauth2-proxy/v7@${OAUTH2_PROXY_VERSION}`], {
    stdio: 'inherit', env: { ...process.env, GOBIN: oauth2ProxyBin, GOFLAGS: '-mod=mod' },
  });
  if (result.error || result.status !== 0 || !existsSync(oauth2ProxyBinary)) {
    throw new Skip(`oauth2-proxy could not be built (go install github.com/oauth2-proxy/oauth2-proxy/v7@${OAUTH2_PROXY_VERSION} needs Go and the Go module proxy)`);
  }
  return oauth2ProxyBinary;
}

/** The upstream behind oauth2-proxy: answers every request with the identity headers it received, as JSON. */
async function startEchoUpstream(): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const seen = Object.fromEntries(Object.entries(request.headers).filter(([name]) => /^x-(forwarded|auth-request)-/.test(name)));
    response.writeHead(200, { 'content-type': 'text/html' })
      .end(`<!doctype html><title>Wiki</title><h1>Wiki</h1><pre id="headers">${JSON.stringify(seen).replace(/</g, '&lt;')}</pre>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

/** The README's command line, with this run's issuer, app and secrets; `withPkce: false` leaves its PKCE flag out. */
function oauth2ProxyArgs(issuer: string, app: RegisteredApp, origin: string, port: number, upstream: string, withPkce: boolean): string[] {
  return [
    '--provider=oidc', `--oidc-issuer-url=${issuer}`,
    `--client-id=${app.clientId}`, `--client-secret=${app.clientSecret!}`,
    `--redirect-url=${origin}/oauth2/callback`,
    `--cookie-secret=${randomBytes(32).toString('base64url')}`, '--email-domain=*',
    ...(withPkce ? ['--code-challenge-method=S256'] : []),
    `--backend-logout-url=${issuer}/session/end?id_token_hint={id_token}`,
    // What any deployment adds: where it listens and what it protects; the identity headers for the upstream
    // (--pass-user-headers is on by default; --set-xauthrequest adds X-Auth-Request-* as for nginx auth_request).
    `--http-address=127.0.0.1:${port}`, `--upstream=${upstream}`, '--pass-user-headers=true', '--set-xauthrequest=true',
  ];
}

async function oauth2ProxyFor(provider: TestProvider, app: RegisteredApp, port: number, upstream: string, withPkce: boolean): Promise<Program> {
  const origin = `http://localhost:${port}`;
  const program = startProgram(ensureOauth2Proxy(), oauth2ProxyArgs(provider.issuer, app, origin, port, upstream, withPkce), {});
  await waitForHttp(program, port);
  return program;
}

/** oauth2-proxy's own "Sign in with OpenID Connect" page: the person presses its button (a GET form). */
async function pressSignInButton(person: ConformancePerson): Promise<string> {
  return person.page.evaluate(() => {
    const form = document.querySelector('form');
    if (!form) throw new Error(`no sign-in form on ${location.href}: ${document.body.innerText.slice(0, 200)}`);
    const target = new URL(form.action);
    new FormData(form).forEach((value, key) => target.searchParams.set(key, String(value)));
    return target.href;
  });
}

export async function runOauth2Proxy(provider: TestProvider, person: ConformancePerson): Promise<Outcome[]> {
  const name = `oauth2-proxy ${OAUTH2_PROXY_VERSION}`;
  const outcomes: Outcome[] = [];
  const upstream = await startEchoUpstream();
  const programs: Program[] = [];
  try {
    // 1. The README's flags: sign-in reaches the upstream with the person's email.
    const port = await freePort(provider.issuer);
    const origin = `http://localhost:${port}`;
    const app = await register(provider, { name: 'Wiki', redirectUris: [`${origin}/oauth2/callback`], isPublic: false });
    const proxy = await oauth2ProxyFor(provider, app, port, upstream.url, true);
    programs.push(proxy);
    try {
      await person.forgetSession();
      await person.page.goto(`${origin}/`, { timeout: STEP_MS });
      const start = await pressSignInButton(person);
      const arrival = await signInThrough(person, provider, start, origin);
      const headers = JSON.parse(await person.page.locator('#headers').textContent({ timeout: STEP_MS }) ?? '{}') as Record<string, string>;
      const auth = await person.page.request.get(`${origin}/oauth2/auth`);
      const email = headers['x-forwarded-email'];
      if (!arrival.askedForPasskey || typeof email !== 'string' || !email.includes('@') || auth.status() !== 202 || auth.headers()['x-auth-request-email'] !== email) {
        throw new Error(`upstream saw ${JSON.stringify(headers)} at ${arrival.url}; /oauth2/auth answered ${auth.status()} ${JSON.stringify(auth.headers()['x-auth-request-email'] ?? null)}`);
      }
      outcomes.push(`SIGNED IN  ${name}: upstream got X-Forwarded-Email ${email}, X-Forwarded-User ${headers['x-forwarded-user']}; /oauth2/auth 202 with X-Auth-Request-Email`);

      // 2. /oauth2/sign_out with --backend-logout-url ends the provider session: the next visit asks for the passkey.
      const since = provider.log.lines.length;
      await person.page.goto(`${origin}/oauth2/sign_out`, { timeout: STEP_MS });
      const ended = logEvents(provider, 'logout.ended', app.clientId, since);
      await person.page.goto(`${origin}/`, { timeout: STEP_MS });
      const again = await signInThrough(person, provider, await pressSignInButton(person), origin);
      if (ended.length !== 1 || !again.askedForPasskey) {
        throw new Error(`after /oauth2/sign_out the provider logged ${JSON.stringify(ended)}; the next visit ${again.askedForPasskey ? 'asked' : 'did not ask'} for the passkey`);
      }
      outcomes.push(`SIGNED OUT ${name}: /oauth2/sign_out ended the provider session (${JSON.stringify(ended[0])}); the next visit asked for the passkey`);
    } catch (error) {
      outcomes.push(`FAILED     ${name}: ${(error as Error).message}\n${proxy.output().slice(-3000)}`);
    }

    // 3. Without --code-challenge-method=S256: what the person sees, what the provider logs.
    const bare = await freePort(provider.issuer);
    const bareOrigin = `http://localhost:${bare}`;
    const bareApp = await register(provider, { name: 'Wiki without PKCE', redirectUris: [`${bareOrigin}/oauth2/callback`], isPublic: false });
    const withoutPkce = await oauth2ProxyFor(provider, bareApp, bare, upstream.url, false);
    programs.push(withoutPkce);
    try {
      await person.forgetSession();
      await person.page.goto(`${bareOrigin}/`, { timeout: STEP_MS });
      const since = provider.log.lines.length;
      const response = await person.page.goto(await pressSignInButton(person), { timeout: STEP_MS });
      const seen = await pageText(person);
      const logged = logEvents(provider, 'oidc.pkce_missing', bareApp.clientId, since);
      if (person.page.url().startsWith(`${provider.issuer}/`) || logged.length === 0) {
        throw new Error(`expected a refusal; at ${person.page.url()} (${response?.status()}): ${seen}; provider logged ${JSON.stringify(logged)}`);
      }
      outcomes.push(`SHOWN      ${name} without --code-challenge-method: the provider sent the browser back with ${callbackQuery(response, '/oauth2/callback')}; the person gets HTTP ${response?.status()} at ${new URL(person.page.url()).pathname} "${seen}"; the provider logged ${JSON.stringify(logged[0])}`);
    } catch (error) {
      outcomes.push(`FAILED     ${name} without --code-challenge-method: ${(error as Error).message}\n${withoutPkce.output().slice(-3000)}`);
    }
  } catch (error) {
    outcomes.push(error instanceof Skip ? `SKIPPED    ${name}: ${error.message}` : `FAILED     ${name}: ${(error as Error).message}`);
  } finally {
    for (const program of programs) await program.stop();
    upstream.server.closeAllConnections();
    upstream.server.close();
  }
  return outcomes;
}

// ---------------------------------------------------------------------------------------------------
// Apache httpd + mod_auth_openidc

const APACHE_INSTALL = 'install them with: sudo apt-get install -y apache2 libapache2-mod-auth-openidc (Debian/Ubuntu)';

function findApache(): { httpd: string; modules: string; version: string } {
  const httpd = ['/usr/sbin/apache2', '/usr/sbin/httpd'].find((path) => existsSync(path));
  const modules = ['/usr/lib/apache2/modules', '/usr/lib64/httpd/modules', '/usr/lib/httpd/modules'].find((dir) => existsSync(join(dir, 'mod_auth_openidc.so')));
  if (!httpd || !modules) throw new Skip(`Apache httpd${httpd ? '' : ' (not found)'} and mod_auth_openidc${modules ? '' : ' (not found)'} are needed; ${APACHE_INSTALL}`);
  const dpkg = spawnSync('dpkg-query', ['-W', '-f=${Version}', 'libapache2-mod-auth-openidc'], { encoding: 'utf8' });
  const httpdVersion = spawnSync(httpd, ['-v'], { encoding: 'utf8', env: { ...process.env, APACHE_RUN_DIR: tmpdir() } });
  const apache = /Apache\/([\d.]+)/.exec(httpdVersion.stdout ?? '')?.[1] ?? '?';
  return { httpd, modules, version: `Apache ${apache}, mod_auth_openidc ${dpkg.status === 0 ? dpkg.stdout : '?'}` };
}

async function startApache(
  apache: { httpd: string; modules: string }, provider: TestProvider, app: RegisteredApp, port: number, dir: string, args: string[],
): Promise<Program> {
  mkdirSync(join(dir, 'htdocs/secure'), { recursive: true });
  copyFileSync(join(here, 'apache/whoami.shtml'), join(dir, 'htdocs/secure/index.shtml'));
  writeFileSync(join(dir, 'htdocs/index.html'), '<!doctype html><title>Intranet</title><h1 id="home">Intranet home (not protected)</h1>\n');
  const program = startProgram(apache.httpd, ['-X', '-f', join(here, 'apache/httpd.conf'), ...args], {
    RECIPE_DIR: dir, RECIPE_PORT: String(port), RECIPE_MODULES: apache.modules,
    ISSUER: provider.issuer, CLIENT_ID: app.clientId, CLIENT_SECRET: app.clientSecret!, RECIPE_PASSPHRASE: randomBytes(24).toString('base64url'),
  }, join(dir, 'error.log'));
  try {
    await waitForHttp(program, port);
  } catch (error) {
    await program.stop();
    throw error;
  }
  return program;
}

export async function runApache(provider: TestProvider, person: ConformancePerson): Promise<Outcome[]> {
  let name = 'Apache mod_auth_openidc';
  const outcomes: Outcome[] = [];
  let program: Program | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'passkey-id-recipes-apache-'));
  try {
    const apache = findApache();
    name = `${name} (${apache.version})`;
    const port = await freePort(provider.issuer);
    const origin = `http://localhost:${port}`;
    const app = await register(provider, {
      name: 'Intranet', redirectUris: [`${origin}/secure/redirect_uri`], postLogoutRedirectUris: [`${origin}/`], isPublic: false,
      backchannelLogoutUri: `${origin}/secure/redirect_uri?logout=backchannel`,
    });
    program = await startApache(apache, provider, app, port, dir, []);
    try {
      // 1. Sign-in, and the claim on the protected page.
      await person.forgetSession();
      const arrival = await signInThrough(person, provider, `${origin}/secure/`, origin);
      const email = ((await person.page.locator('#email').textContent({ timeout: STEP_MS })) ?? '').trim();
      const text = async (id: string) => ((await person.page.locator(`#${id}`).textContent({ timeout: STEP_MS })) ?? '').trim();
      const verified = await text('email-verified');
      if (!arrival.askedForPasskey || !email.includes('@')) throw new Error(`the protected page at ${arrival.url} says: ${await pageText(person)}`);
      outcomes.push(`SIGNED IN  ${name}: the protected page shows OIDC_CLAIM_email ${email} (email_verified ${verified}, name ${await text('name')}; REMOTE_USER ${await text('remote-user')})`);

      // 2. Logout via ?logout= to the registered post-logout URI: the provider session ends without a page.
      const since = provider.log.lines.length;
      await person.page.goto(`${origin}/secure/redirect_uri?logout=${encodeURIComponent(`${origin}/`)}`, { timeout: STEP_MS });
      const landed = person.page.url();
      const ended = logEvents(provider, 'logout.ended', app.clientId, since);
      const again = await signInThrough(person, provider, `${origin}/secure/`, origin);
      if (landed !== `${origin}/` || ended.length !== 1 || !again.askedForPasskey) {
        throw new Error(`logout landed at ${landed}; the provider logged ${JSON.stringify(ended)}; the next visit ${again.askedForPasskey ? 'asked' : 'did not ask'} for the passkey`);
      }
      // The README registers the back-channel URI too: the provider's logout token to it is reported, not required
      // (the session it names is already gone at Apache when the browser's own logout comes first).
      const backchannel = [...logEvents(provider, 'logout.backchannel_sent', app.clientId, since), ...logEvents(provider, 'logout.backchannel_failed', app.clientId, since)];
      outcomes.push(`SIGNED OUT ${name}: ?logout=${origin}/ ended the provider session with no page (${JSON.stringify(ended[0])}) and landed on the post-logout URI; the next visit asked for the passkey; back-channel: ${JSON.stringify(backchannel)}`);
    } catch (error) {
      outcomes.push(`FAILED     ${name}: ${(error as Error).message}\n${program.output().slice(-3000)}`);
    }
    await program.stop();

    // 3. Without OIDCPKCEMethod: what the person sees, what the provider logs.
    const bare = await freePort(provider.issuer);
    const bareOrigin = `http://localhost:${bare}`;
    const bareApp = await register(provider, { name: 'Intranet without PKCE', redirectUris: [`${bareOrigin}/secure/redirect_uri`], isPublic: false });
    program = await startApache(apache, provider, bareApp, bare, join(dir, 'without-pkce'), ['-D', 'NO_PKCE']);
    try {
      await person.forgetSession();
      const since = provider.log.lines.length;
      const response = await person.page.goto(`${bareOrigin}/secure/`, { timeout: STEP_MS });
      const seen = await pageText(person);
      const logged = logEvents(provider, 'oidc.pkce_missing', bareApp.clientId, since);
      if (person.page.url().startsWith(`${provider.issuer}/`) || logged.length === 0) {
        throw new Error(`expected a refusal; at ${person.page.url()} (${response?.status()}): ${seen}; provider logged ${JSON.stringify(logged)}`);
      }
      outcomes.push(`SHOWN      ${name} without OIDCPKCEMethod: the provider sent the browser back with ${callbackQuery(response, '/secure/redirect_uri')}; the person gets HTTP ${response?.status()} at ${new URL(person.page.url()).pathname} "${seen}"; the provider logged ${JSON.stringify(logged[0])}`);
    } catch (error) {
      outcomes.push(`FAILED     ${name} without OIDCPKCEMethod: ${(error as Error).message}\n${program.output().slice(-3000)}`);
    }
  } catch (error) {
    outcomes.push(error instanceof Skip ? `SKIPPED    ${name}: ${error.message}` : `FAILED     ${name}: ${(error as Error).message}`);
  } finally {
    await program?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return outcomes;
}
