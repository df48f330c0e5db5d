import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/ports.js';

// Runs the command a person runs: bin/idp.js over the compiled dist/ (built by `npm test`'s pretest).
const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin/idp.js');

let dir: string;
let store: Store;

beforeAll(async () => {
  if (!existsSync(join(root, 'dist/src/cli/main.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  dir = mkdtempSync(join(tmpdir(), 'idp-cli-'));
  // Open the database first and keep it open, as the running server would.
  store = await openStore(`sqlite:${join(dir, 'idp.db')}`);
});

afterAll(async () => {
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function environment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'idp.db')}` };
  delete env.IDP_CONFIG;
  delete env.NODE_OPTIONS;
  return env;
}

describe('the idp command', () => {
  it('registers a client in the configured database while the server holds it open', async () => {
    const { stdout } = await run(
      process.execPath,
      [bin, 'clients', 'add', '--name', 'Notes', '--redirect-uri', 'https://notes.example.com/cb', '--json'],
      { cwd: dir, env: environment() },
    );

    const printed = JSON.parse(stdout) as { client_id: string; client_secret: string };
    expect((await store.oidc.find('Client', printed.client_id))?.client_secret).toBe(printed.client_secret);
  });

  it('says nothing of oidc-provider\'s runtime warning when it builds a provider to tell the apps of a disabled or removed account', async () => {
    await store.people.insert({ id: 'sub-grace', webauthnUserId: 'handle-grace', email: 'grace@example.com', emailVerified: true, name: 'Grace' });

    for (const command of ['disable', 'remove']) {
      const { stderr } = await run(process.execPath, [bin, 'users', command, 'grace@example.com'], { cwd: dir, env: environment() });
      expect(stderr).not.toContain('Unsupported runtime');
    }
    expect(await store.people.findById('sub-grace')).toBeNull();
  });

  it('exits 2 on a usage error', async () => {
    const failure = run(process.execPath, [bin, 'clients', 'add', '--name', 'Notes'], { cwd: dir, env: environment() });

    await expect(failure).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--redirect-uri') });
  });

  it('refuses to create a database that does not exist, and says to use the server\'s DATABASE_URL', async () => {
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(elsewhere);
    const env = environment();
    delete env.DATABASE_URL;

    // Run from another directory, the default sqlite:./data/idp.db names a file the server never made.
    const failure = run(process.execPath, [bin, 'clients', 'add', '--name', 'Notes', '--redirect-uri', 'https://notes.example.com/cb'], { cwd: elsewhere, env });

    await expect(failure).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('No database at') });
    await expect(failure).rejects.toMatchObject({ stderr: expect.stringContaining('same DATABASE_URL as the server') });
    expect(existsSync(join(elsewhere, 'data'))).toBe(false);
  });

  it('asks for a build when dist/ is missing', async () => {
    const unbuilt = join(dir, 'unbuilt');
    mkdirSync(join(unbuilt, 'bin'), { recursive: true });
    copyFileSync(bin, join(unbuilt, 'bin/idp.js'));
    copyFileSync(join(root, 'package.json'), join(unbuilt, 'package.json'));

    const failure = run(process.execPath, [join(unbuilt, 'bin/idp.js'), '--help'], { cwd: dir, env: environment() });

    await expect(failure).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('run `npm run build` first') });
  });
});
