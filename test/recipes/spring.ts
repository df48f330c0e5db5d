/**
 * The README's Spring Security recipe, run for real by `npm run recipes`: the Spring Boot 3 app in
 * test/recipes/spring (spring-boot-starter-oauth2-client and -web, the README's properties, PKCE, and
 * OidcClientInitiatedLogoutSuccessHandler) is built with Maven (dependencies cached in ~/.m2; offline once
 * they are there), registered as an ordinary confidential app with the defaults, started with `java -jar`
 * on an http://localhost port and visited in Chromium by a person who signs in with a passkey. /account
 * must show the person's email, name and email_verified from the ID token; its "Sign out" must end the
 * provider session too. The app is then started once without its PKCE bean to record what the person sees.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

import type { RegisteredApp } from '../../src/clients/relyingApps.js';
import type { ConformancePerson } from '../conformance/person.js';
import type { TestProvider } from '../support/testProvider.js';
import {
  STEP_MS, Skip, callbackQuery, freePort, logEvents, pageText, register, signInThrough, startProgram, waitForHttp,
  type Outcome, type Program,
} from './gateways.js';

const here = join(import.meta.dirname, '../../../test/recipes/spring');
const jar = join(here, 'target/billing.jar');
const CALLBACK = '/login/oauth2/code/passkey';

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/** Runs a command to its end without blocking the provider (it serves the browser in this process). */
function run(command: string, args: string[], inherit: boolean): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: here, stdio: ['ignore', inherit ? 'inherit' : 'pipe', inherit ? 'inherit' : 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.once('error', (error) => resolve({ status: null, output: error.message }));
    child.once('exit', (status) => resolve({ status, output }));
  });
}

/** The newest change to the app's pom.xml or sources. */
function newestSource(dir: string): number {
  return Math.max(...readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.name !== 'target')
    .map((entry) => entry.isDirectory() ? newestSource(join(dir, entry.name)) : statSync(join(dir, entry.name)).mtimeMs), 0);
}

/** `mvn package` unless the jar is newer than its sources, offline first: once ~/.m2 holds Spring Boot and its plugins, a run needs no network. */
async function build(): Promise<string> {
  if (spawnSync('mvn', ['-v']).error || spawnSync('java', ['-version']).error) {
    throw new Skip('Maven and Java 17 or later are needed; install them with: sudo apt-get install -y maven openjdk-17-jdk-headless (Debian/Ubuntu)');
  }
  if (existsSync(jar) && statSync(jar).mtimeMs > newestSource(here)) return 'jar up to date, not rebuilt';
  const started = performance.now();
  const offline = await run('mvn', ['-B', '-q', '-o', 'package'], false);
  if (offline.status === 0 && existsSync(jar)) return `built offline in ${seconds(started)}`;
  console.log('Building the Spring Boot app with Maven; its dependencies go to ~/.m2 (first run only)…');
  const online = await run('mvn', ['-B', '-q', 'package'], true);
  if (online.status !== 0 || !existsSync(jar)) throw new Error(`mvn package failed in ${here} (Maven's output is above)`);
  return `built in ${seconds(started)}, dependencies fetched into ~/.m2`;
}

/** The versions inside the jar, as the run's report names them. */
function versions(): { boot: string; security: string } {
  const listing = spawnSync('jar', ['tf', jar], { encoding: 'utf8' }).stdout ?? '';
  const version = (artifact: string) => new RegExp(`BOOT-INF/lib/${artifact}-(\\d[\\w.-]*)\\.jar`).exec(listing)?.[1] ?? '?';
  return { boot: version('spring-boot'), security: version('spring-security-oauth2-client') };
}

async function startApp(provider: TestProvider, app: RegisteredApp, port: number, profile?: string): Promise<{ program: Program; took: string }> {
  const started = performance.now();
  const program = startProgram('java', ['-jar', jar], {
    ISSUER: provider.issuer, CLIENT_ID: app.clientId, CLIENT_SECRET: app.clientSecret!, PORT: String(port),
    ...(profile ? { SPRING_PROFILES_ACTIVE: profile } : {}),
  });
  try {
    // A JVM starting Spring Boot on a busy two-core machine took up to a minute here; give it three.
    await waitForHttp(program, port, 180_000);
  } catch (error) {
    await program.stop();
    throw error;
  }
  return { program, took: seconds(started) };
}

export async function runSpring(provider: TestProvider, person: ConformancePerson): Promise<Outcome[]> {
  let name = 'Spring Security (Spring Boot)';
  const outcomes: Outcome[] = [];
  let program: Program | undefined;
  try {
    const built = await build();
    const java = (spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr ?? '').match(/version "([^"]+)"/)?.[1] ?? '?';
    const { boot, security } = versions();
    name = `Spring Boot ${boot} (Spring Security ${security}, Java ${java})`;

    // 1. The README's settings: sign-in reaches /account, which shows the person from the ID token.
    const port = await freePort(provider.issuer);
    const origin = `http://localhost:${port}`;
    const app = await register(provider, {
      name: 'Billing', redirectUris: [`${origin}${CALLBACK}`], postLogoutRedirectUris: [`${origin}/`], isPublic: false,
    });
    const started = await startApp(provider, app, port);
    program = started.program;
    try {
      await person.forgetSession();
      const signInStarted = performance.now();
      const since = provider.log.lines.length;
      const arrival = await signInThrough(person, provider, `${origin}/account`, origin);
      const text = async (id: string) => ((await person.page.locator(`#${id}`).textContent({ timeout: STEP_MS })) ?? '').trim();
      const email = await text('email');
      const fields = { name: await text('name'), email, email_verified: await text('email-verified'), id_token_email: await text('id-token-email') };
      const tookSignIn = seconds(signInStarted);
      const pkce = logEvents(provider, 'oidc.pkce_missing', app.clientId, since);
      if (!arrival.askedForPasskey || new URL(arrival.url).pathname !== '/account' || !email.includes('@')
        || fields.id_token_email !== email || fields.email_verified !== 'true' || fields.name === '' || fields.name === 'null' || pkce.length > 0) {
        throw new Error(`/account at ${arrival.url} says: ${await pageText(person)}; pkce_missing: ${JSON.stringify(pkce)}`);
      }
      outcomes.push(`SIGNED IN  ${name}: /account shows ${JSON.stringify(fields)} (${built}; started in ${started.took}; sign-in with consent ${tookSignIn})`);

      // 2. "Sign out" (POST /logout): OidcClientInitiatedLogoutSuccessHandler sends the ID token as hint, the provider
      // ends its session with no page and sends the browser to the registered {baseUrl}/; the next visit asks again.
      const beforeLogout = provider.log.lines.length;
      await Promise.all([
        person.page.waitForURL(`${origin}/`, { timeout: STEP_MS }),
        person.page.locator('#sign-out').click(),
      ]);
      const ended = logEvents(provider, 'logout.ended', app.clientId, beforeLogout);
      const home = await pageText(person);
      const again = await signInThrough(person, provider, `${origin}/account`, origin);
      if (ended.length !== 1 || !home.includes('Not signed in') || !again.askedForPasskey) {
        throw new Error(`after "Sign out" the app says "${home}"; the provider logged ${JSON.stringify(ended)}; the next visit ${again.askedForPasskey ? 'asked' : 'did not ask'} for the passkey`);
      }
      outcomes.push(`SIGNED OUT ${name}: "Sign out" ended the provider session with no page (${JSON.stringify(ended[0])}), landed on ${origin}/ ("${home}"); the next visit asked for the passkey`);
    } catch (error) {
      outcomes.push(`FAILED     ${name}: ${(error as Error).message}\n${program.output().slice(-3000)}`);
    }
    await program.stop();
    program = undefined;

    // 3. Without the PKCE bean: what the person sees, what the provider logs.
    const bare = await freePort(provider.issuer);
    const bareOrigin = `http://localhost:${bare}`;
    const bareApp = await register(provider, { name: 'Billing without PKCE', redirectUris: [`${bareOrigin}${CALLBACK}`], isPublic: false });
    program = (await startApp(provider, bareApp, bare, 'without-pkce')).program;
    try {
      await person.forgetSession();
      const since = provider.log.lines.length;
      const logBefore = program.output().length;
      const response = await person.page.goto(`${bareOrigin}/account`, { timeout: STEP_MS });
      const seen = await pageText(person);
      const logged = logEvents(provider, 'oidc.pkce_missing', bareApp.clientId, since);
      if (person.page.url().startsWith(`${provider.issuer}/`) || logged.length === 0) {
        throw new Error(`expected a refusal; at ${person.page.url()} (${response?.status()}): ${seen}; provider logged ${JSON.stringify(logged)}`);
      }
      const at = new URL(person.page.url());
      outcomes.push(`SHOWN      ${name} without the PKCE resolver: the provider sent the browser back with ${callbackQuery(response, CALLBACK)}; the person gets HTTP ${response?.status()} at ${at.pathname}${at.search} "${seen}"; the provider logged ${JSON.stringify(logged[0])}; Spring's log ${/pkce|invalid_request/i.test(program.output().slice(logBefore)) ? 'names' : 'does not name'} the error`);
    } catch (error) {
      outcomes.push(`FAILED     ${name} without the PKCE resolver: ${(error as Error).message}\n${program.output().slice(-3000)}`);
    }
  } catch (error) {
    outcomes.push(error instanceof Skip ? `SKIPPED    ${name}: ${error.message}` : `FAILED     ${name}: ${(error as Error).message}`);
  } finally {
    await program?.stop();
  }
  return outcomes;
}
