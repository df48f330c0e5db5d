/**
 * Starts a server under test (bench/provider.js or bench/baseline-server.js) as its own process with
 * an IPC channel, waits until it listens, and stops it with SIGTERM.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';

import { requestMetrics, type ServerMetrics } from './serverMetrics.js';

export interface ServerUnderTest {
  issuer: string;
  pid: number;
  metrics(options?: { gc?: boolean }): Promise<ServerMetrics>;
  stop(): Promise<void>;
}

export interface StartOptions {
  entry: string;
  args?: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Where the server's stderr (its log) goes. */
  logFile: string;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeFlags?: string[];
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((done) => child.once('exit', () => done()));
}

export async function startServer(options: StartOptions): Promise<ServerUnderTest> {
  const log = createWriteStream(options.logFile);
  const child = fork(options.entry, options.args ?? [], {
    cwd: options.cwd,
    env: options.env,
    execArgv: ['--expose-gc', ...(options.nodeFlags ?? [])],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  child.stderr!.pipe(log);

  const issuer = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${options.entry} did not start within 60 s; see ${options.logFile}`)), 60_000);
    child.on('message', (message: { type?: string; issuer?: string }) => {
      if (message?.type === 'listening' && message.issuer) {
        clearTimeout(timer);
        resolve(message.issuer);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${options.entry} exited with ${code} before listening; see ${options.logFile}`));
    });
  });

  return {
    issuer,
    pid: child.pid!,
    metrics: (metricOptions) => requestMetrics(child, metricOptions),
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited(child);
      clearTimeout(timer);
      log.end();
    },
  };
}
