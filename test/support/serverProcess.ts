/**
 * The provider as people run it: `node dist/src/main.js` in a child process, configured only by its
 * environment, with its own SQLite file in a temporary directory. `idp` runs the real command
 * against the same settings. Needs the build in dist/ (`npm test` builds it first).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './freePort.js';

const root = resolve(import.meta.dirname, '../..');
const runFile = promisify(execFile);

export interface ServerProcess {
  /** IDP_ISSUER: the public URL (by default the process's own address). */
  issuer: string;
  /** Where this process listens, `http://localhost:PORT`: differs from `issuer` behind a load balancer. */
  url: string;
  /** Its working directory, holding the SQLite file unless DATABASE_URL says otherwise. */
  dataDir: string;
  /** Sends a signal (e.g. SIGTERM) without waiting. */
  kill(signal: NodeJS.Signals): void;
  /** Resolves when the process has exited, with its exit code or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Runs `idp ARGS...` with the server's settings; resolves with its stdout. */
  idp(args: string[]): Promise<string>;
  /** What the server wrote on stderr (its JSON log lines), for failure messages. */
  log(): string;
  /** SIGTERM, then waits for the process to exit; removes the data directory. */
  stop(): Promise<void>;
}

export interface ServerProcessOptions {
  smtpUrl: string;
  env?: Record<string, string>;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((done) => child.once('exit', () => done()));
}

async function waitForHealth(issuer: string, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    try {
      if ((await fetch(`${issuer}/healthz`)).ok) return true;
    } catch { /* not listening yet */ }
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`the server did not answer /healthz within ${timeoutMs} ms`);
}

export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const entry = join(root, 'dist/src/main.js');
  if (!existsSync(entry)) throw new Error('dist/ is missing: run `npm run build` first');
  const dataDir = mkdtempSync(join(tmpdir(), 'idp-e2e-'));

  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const url = `http://localhost:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      IDP_ISSUER: url,
      DATABASE_URL: `sqlite:${join(dataDir, 'idp.db')}`,
      SMTP_URL: options.smtpUrl,
      ...options.env,
    };
    // Jest's NODE_OPTIONS (VM modules) and a developer's config file are no business of the server.
    delete env.NODE_OPTIONS;
    delete env.IDP_CONFIG;

    let stderr = '';
    const child = spawn(process.execPath, [entry], { cwd: dataDir, env, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });

    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
      child.once('exit', (code, signal) => done({ code, signal }));
    });
    // Generous: on a busy machine a start (the store, the keys, the page templates) takes a while.
    const healthy = await waitForHealth(url, child, 60_000).catch(async (error: Error) => {
      child.kill('SIGKILL');
      await exited(child);
      rmSync(dataDir, { recursive: true, force: true });
      throw new Error(`${error.message}\n${stderr}`);
    });
    if (!healthy) {
      // Someone took the port between the probe and the server's listen: try another one.
      if (attempt < 3 && stderr.includes('EADDRINUSE')) continue;
      rmSync(dataDir, { recursive: true, force: true });
      throw new Error(`the server exited with ${child.exitCode}:\n${stderr}`);
    }

    return {
      issuer: env.IDP_ISSUER!,
      url,
      dataDir,
      kill: (signal) => { child.kill(signal); },
      exited: exit,
      async idp(args) {
        const { stdout } = await runFile(process.execPath, [join(root, 'bin/idp.js'), ...args], { cwd: dataDir, env });
        return stdout;
      },
      log: () => stderr,
      async stop() {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
          await exited(child);
          clearTimeout(timer);
        }
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
}
