/**
 * `npm run recipes`: runs the README's "Connect an app" recipes that can run on a development machine
 * against a real provider, with the real libraries, and says which signed a person in. Each recipe is a
 * small program using the library as the README shows (go-oidc, Authlib); this starts the provider,
 * registers the program as an administrator would (confidential, PKCE required: the defaults), runs it,
 * plays the person in Chromium with a virtual passkey, hands the program the callback URL and checks the
 * ID token claims it printed. It installs the libraries on first use (Go modules; a Python virtual
 * environment in the temporary directory) and is not part of `npm test`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { randomBytes } from 'node:crypto';

import { registerApp } from '../../src/clients/relyingApps.js';
import { conformancePerson } from '../conformance/person.js';
import { APP_ORIGIN, launchChromium } from '../support/chromium.js';
import { startTestProvider } from '../support/testProvider.js';

const here = join(import.meta.dirname, '../../../test/recipes');

interface Recipe {
  name: string;
  /** Prepares what the program needs; returns the command that runs it. */
  prepare(): { command: string; args: string[]; cwd: string };
}

const venv = join(tmpdir(), 'passkey-id-recipes-venv');

const RECIPES: Recipe[] = [
  {
    name: 'go-oidc v3 (golang.org/x/oauth2)',
    prepare: () => ({ command: 'go', args: ['run', '.'], cwd: join(here, 'go-oidc') }),
  },
  {
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
  try {
    for (const recipe of RECIPES) {
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
  } finally {
    await person.close().catch(() => {});
    await browser.close();
    await provider.close();
  }
  console.log(`\n${results.join('\n')}`);
  process.exitCode = results.every((line) => line.startsWith('SIGNED IN')) ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
