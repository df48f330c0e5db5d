/**
 * `npm run recipes`: runs the README's "Connect an app" recipes that can run on a development machine
 * against a real provider, with the real libraries, and says which signed a person in. Each recipe is a
 * small program using the library as the README shows (go-oidc, Authlib, oidc-client-ts); this starts the provider,
 * registers the program as an administrator would (confidential, PKCE required: the defaults), runs it,
 * plays the person in Chromium with a virtual passkey, hands the program the callback URL and checks the
 * ID token claims it printed. The two gateways (oauth2-proxy, Apache mod_auth_openidc) and the Spring Boot app
 * run as servers on http://localhost ports; gateways.ts and spring.ts check what the protected page shows
 * and their sign-out. It installs the libraries on first use (Go modules and oauth2-proxy with `go install`;
 * a Python virtual environment in the temporary directory; the Spring Boot app with Maven, its dependencies
 * in ~/.m2); Apache and mod_auth_openidc come from the system's packages and are skipped, with the command
 * that installs them, when missing (so is the Spring app without Maven and Java). Not part of `npm test`.
 * `npm run recipes -- oauth2-proxy apache` runs only the recipes named (go-oidc, authlib, oidc-client-ts,
 * oauth2-proxy, apache, spring).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { randomBytes } from 'node:crypto';

import { registerApp } from '../../src/clients/relyingApps.js';
import { conformancePerson } from '../conformance/person.js';
import { APP_ORIGIN, launchChromium } from '../support/chromium.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';
import type { ConformancePerson } from '../conformance/person.js';
import { runApache, runOauth2Proxy } from './gateways.js';
import { runSpring } from './spring.js';

const here = join(import.meta.dirname, '../../../test/recipes');

interface Recipe {
  /** What `npm run recipes -- KEY …` names to run only some recipes. */
  key: string;
  name: string;
  /** Prepares what the program needs; returns the command that runs it. */
  prepare(): { command: string; args: string[]; cwd: string };
}

const venv = join(tmpdir(), 'passkey-id-recipes-venv');

const RECIPES: Recipe[] = [
  {
    key: 'go-oidc',
    name: 'go-oidc v3 (golang.org/x/oauth2)',
    prepare: () => ({ command: 'go', args: ['run', '.'], cwd: join(here, 'go-oidc') }),
  },
  {
    key: 'authlib',
    name: 'Authlib 1.x (requests client, ID token checked as its Flask integration does)',
    prepare() {
      if (!existsSync(join(venv, 'bin/python'))) {
        spawnSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
        spawnSync(join(venv, 'bin/pip'), ['install', '--quiet', 'authlib>=1.9,<2', 'requests'], { stdio: 'inherit' });
      }
      return { command: join(venv, 'bin/python'), args: ['recipe.py'], cwd: join(here, 'authlib') };
    },
  },
];

const npmPrefix = join(tmpdir(), 'passkey-id-recipes-npm');

/**
 * oidc-client-ts in a real single-page app: its browser bundle on a page at http://localhost:PORT,
 * registered as a public app with that origin's callback (the token endpoint answers CORS requests from
 * a public app's redirect origins). The callback page shows the profile oidc-client-ts returns.
 */
async function runSinglePageApp(provider: TestProvider, person: ConformancePerson): Promise<Record<string, unknown>> {
  const bundle = join(npmPrefix, 'node_modules/oidc-client-ts/dist/browser/oidc-client-ts.min.js');
  if (!existsSync(bundle)) spawnSync('npm', ['install', '--silent', '--no-save', '--prefix', npmPrefix, 'oidc-client-ts@3'], { stdio: 'inherit' });
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  const { clientId } = await registerApp(provider.store, {
    name: 'oidc-client-ts SPA', redirectUris: [`${origin}/callback.html`], postLogoutRedirectUris: [`${origin}/`], isPublic: true,
  }, { randomBytes: (size) => randomBytes(size), now: () => new Date() });
  const settings = JSON.stringify({
    authority: provider.issuer, client_id: clientId, redirect_uri: `${origin}/callback.html`,
    post_logout_redirect_uri: `${origin}/`, scope: 'openid email profile',
  });
  const pages: Record<string, string> = {
    '/index.html': `<!doctype html><script src="/oidc.js"></script><script>new oidc.UserManager(${settings}).signinRedirect();</script>`,
    '/callback.html': `<!doctype html><pre id="profile"></pre><script src="/oidc.js"></script><script>
new oidc.UserManager(${settings}).signinRedirectCallback()
  .then((user) => { document.getElementById('profile').textContent = JSON.stringify(user.profile); })
  .catch((error) => { document.getElementById('profile').textContent = 'ERROR ' + error.message; });</script>`,
  };
  server.on('request', (request, response) => {
    const path = new URL(request.url ?? '/', origin).pathname;
    if (path === '/oidc.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(bundle));
    } else if (pages[path]) {
      response.writeHead(200, { 'content-type': 'text/html' }).end(pages[path]);
    } else {
      response.writeHead(404).end();
    }
  });
  try {
    await person.forgetSession();
    // The app's page sends the browser on by script: follow it to the provider, then act as the person.
    await person.page.goto(`${origin}/index.html`);
    await person.page.waitForURL((url) => url.href.startsWith(provider.issuer), { timeout: 20_000 });
    const outcome = await person.visit(person.page.url());
    if (!outcome.detail.startsWith(`${origin}/callback.html`)) throw new Error(`the browser did not come back to the app: ${outcome.detail}`);
    const profile = person.page.locator('#profile');
    await profile.filter({ hasText: /\S/ }).waitFor({ timeout: 20_000 });
    const text = (await profile.textContent()) ?? '';
    if (text.startsWith('ERROR')) throw new Error(text);
    return JSON.parse(text) as Record<string, unknown>;
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

/** Runs one program: AUTHORIZE line out, callback URL in, CLAIMS or ERROR line out. */
async function runRecipe(recipe: Recipe, env: Record<string, string>, signIn: (url: string) => Promise<string>): Promise<Record<string, unknown>> {
  const { command, args, cwd } = recipe.prepare();
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error('the program ended without an answer');
    return String(value);
  };
  try {
    const first = await next();
    if (!first.startsWith('AUTHORIZE ')) throw new Error(first);
    const callback = await signIn(first.slice('AUTHORIZE '.length));
    child.stdin!.write(`${callback}\n`);
    const answer = await next();
    if (!answer.startsWith('CLAIMS ')) throw new Error(answer);
    return JSON.parse(answer.slice('CLAIMS '.length)) as Record<string, unknown>;
  } finally {
    child.kill();
  }
}

async function main(): Promise<void> {
  const provider = await startTestProvider();
  const browser = await launchChromium();
  const person = await conformancePerson(browser, provider, APP_ORIGIN);
  const results: string[] = [];
  // `npm run recipes -- oauth2-proxy apache` runs only those; no names: all of them.
  const only = process.argv.slice(2);
  const wanted = (key: string) => only.length === 0 || only.includes(key);
  try {
    for (const recipe of RECIPES.filter((candidate) => wanted(candidate.key))) {
      const { clientId, clientSecret } = await registerApp(provider.store, {
        name: recipe.name, redirectUris: [`${APP_ORIGIN}/callback`], isPublic: false,
      }, { randomBytes: (size) => randomBytes(size), now: () => new Date() });
      const env = { ISSUER: provider.issuer, CLIENT_ID: clientId, CLIENT_SECRET: clientSecret!, REDIRECT_URI: `${APP_ORIGIN}/callback` };
      try {
        const claims = await runRecipe(recipe, env, async (url) => {
          await person.forgetSession();
          const outcome = await person.visit(url);
          if (outcome.ended !== 'suite') throw new Error(`the browser did not come back to the app: ${outcome.detail}`);
          return outcome.detail;
        });
        const ok = typeof claims.email === 'string' && claims.email_verified === true && typeof claims.name === 'string';
        results.push(`${ok ? 'SIGNED IN' : 'INCOMPLETE'}  ${recipe.name}: ID token ${JSON.stringify({ email: claims.email, email_verified: claims.email_verified, name: claims.name })}`);
      } catch (error) {
        results.push(`FAILED     ${recipe.name}: ${(error as Error).message}`);
      }
    }
    const spa = 'oidc-client-ts 3 (browser bundle, public app)';
    if (wanted('oidc-client-ts')) try {
      const claims = await runSinglePageApp(provider, person);
      const ok = typeof claims.email === 'string' && claims.email_verified === true && typeof claims.name === 'string';
      results.push(`${ok ? 'SIGNED IN' : 'INCOMPLETE'}  ${spa}: profile ${JSON.stringify({ email: claims.email, email_verified: claims.email_verified, name: claims.name })}`);
    } catch (error) {
      results.push(`FAILED     ${spa}: ${(error as Error).message}`);
    }
    if (wanted('oauth2-proxy')) results.push(...await runOauth2Proxy(provider, person));
    if (wanted('apache')) results.push(...await runApache(provider, person));
    if (wanted('spring')) results.push(...await runSpring(provider, person));
  } finally {
    await person.close().catch(() => {});
    await browser.close();
    await provider.close();
  }
  console.log(`\n${results.join('\n')}`);
  // A recipe whose program is not installed (Apache) says how to install it and is skipped, not failed.
  process.exitCode = results.every((line) => /^(SIGNED IN|SIGNED OUT|SHOWN|SKIPPED) /.test(line)) ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
