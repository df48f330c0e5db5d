/**
 * A MongoDB-compatible server for tests: the one named by MONGODB_URL, or one this process starts
 * from PATH (`mongod`, else `ferretdb` with its SQLite backend) on a free loopback port, with its
 * data in a temporary directory. `stop()` and `restart()` keep the port and the data, so a test can
 * take the store away in the middle of a run and bring it back.
 *
 * `describeWithMongo` is how a suite asks for one: without any server it is skipped and says so,
 * unless REQUIRE_MONGO=1 (CI), where a missing server is a failure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { MongoClient } from 'mongodb';
import { freePort } from './freePort.js';

export type MongoServerSource =
  | { kind: 'MONGODB_URL'; url: string }
  | { kind: 'mongod' | 'ferretdb'; executable: string };

export interface MongoCompatibleServer {
  readonly source: MongoServerSource;
  /** `mongodb://127.0.0.1:PORT` (or MONGODB_URL as given). */
  readonly url: string;
  /** A URL naming a fresh database, unique to this call: tests never share data. */
  databaseUrl(label?: string): string;
  /** Stops the server process; its port and data are kept for `restart()`. */
  stop(): Promise<void>;
  /** Starts the stopped server again on the same port with the same data; resolves once it answers. */
  restart(): Promise<void>;
  /** Stops it and removes its data (on a MONGODB_URL server: drops the databases handed out). */
  close(): Promise<void>;
}

const skipMessage = 'MongoDB suite SKIPPED: no MONGODB_URL, mongod or ferretdb';

/** What `startMongoCompatibleServer` would use here, or null when there is nothing. */
export function findMongoCompatibleServer(env: NodeJS.ProcessEnv = process.env): MongoServerSource | null {
  if (env.MONGODB_URL) return { kind: 'MONGODB_URL', url: env.MONGODB_URL };
  for (const kind of ['mongod', 'ferretdb'] as const) {
    const executable = onPath(kind, env.PATH ?? '');
    if (executable) return { kind, executable };
  }
  return null;
}

/**
 * A describe block with a server started before its tests and stopped after them. `server()`
 * returns it inside hooks and tests.
 */
export function describeWithMongo(name: string, define: (server: () => MongoCompatibleServer) => void): void {
  const source = findMongoCompatibleServer();
  if (!source) {
    if (process.env.REQUIRE_MONGO === '1') {
      describe(name, () => {
        it('runs on a MongoDB-compatible server (REQUIRE_MONGO=1)', () => {
          throw new Error(`${skipMessage}, and REQUIRE_MONGO=1 requires it to run`);
        });
      });
    } else {
      console.warn(`${skipMessage} (${name}). Set MONGODB_URL or put mongod or ferretdb on PATH.`);
      describe.skip(name, () => {
        it('needs a MongoDB-compatible server', () => undefined);
      });
    }
    return;
  }
  describe(`${name} [${source.kind}]`, () => {
    let server: MongoCompatibleServer | undefined;
    beforeAll(async () => {
      server = await startMongoCompatibleServer(source);
    }, 120_000);
    afterAll(async () => {
      await server?.close();
    }, 120_000);
    define(() => {
      if (!server) throw new Error('the MongoDB-compatible server did not start');
      return server;
    });
  });
}

export async function startMongoCompatibleServer(
  source: MongoServerSource | null = findMongoCompatibleServer(),
): Promise<MongoCompatibleServer> {
  if (!source) throw new Error(skipMessage);
  if (source.kind === 'MONGODB_URL') return useExternalServer(source.url);
  return startServerProcess(source);
}

let databases = 0;

/** Short, unique across processes and calls, and valid as a MongoDB database name. */
function uniqueDatabaseName(label: string): string {
  databases += 1;
  return `${label}_${process.pid}_${databases}_${randomBytes(3).toString('hex')}`.slice(0, 60);
}

/** Puts `database` in the URL's path, keeping hosts and options. */
export function withDatabase(url: string, database: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?#]*)(?:\/[^?#]*)?(.*)$/.exec(url);
  if (!match) throw new Error('not a mongodb:// URL');
  return `${match[1]}/${database}${match[2]}`;
}

function useExternalServer(url: string): MongoCompatibleServer {
  const handedOut: string[] = [];
  const cannot = async () => {
    throw new Error('cannot stop or restart the server named by MONGODB_URL');
  };
  return {
    source: { kind: 'MONGODB_URL', url },
    url,
    databaseUrl(label = 'idp_test') {
      const name = uniqueDatabaseName(label);
      handedOut.push(name);
      return withDatabase(url, name);
    },
    stop: cannot,
    restart: cannot,
    async close() {
      const client = new MongoClient(url, { serverSelectionTimeoutMS: 5_000 });
      try {
        for (const name of handedOut) await client.db(name).dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
}

async function startServerProcess(source: { kind: 'mongod' | 'ferretdb'; executable: string }): Promise<MongoCompatibleServer> {
  const directory = mkdtempSync(join(tmpdir(), `idp-${source.kind}-`));
  const dataDirectory = join(directory, 'data');
  mkdirSync(dataDirectory);
  const argumentsFor = (port: number) => source.kind === 'mongod'
    ? ['--dbpath', dataDirectory, '--bind_ip', '127.0.0.1', '--port', String(port), '--quiet']
    : [
      '--handler=sqlite', `--sqlite-url=file:${dataDirectory}/`, `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${directory}`, '--debug-addr=-', '--telemetry=disable', '--log-level=warn',
    ];

  let port = 0;
  let child: ChildProcess | undefined;
  const launch = async () => {
    child = await launchAndWait(source.executable, argumentsFor(port), `mongodb://127.0.0.1:${port}`);
  };
  // Another process may take the free port between probing and binding it: try a few.
  for (let attempt = 1; ; attempt += 1) {
    port = await freePort();
    try {
      await launch();
      break;
    } catch (error) {
      if (attempt >= 3 || !/address already in use/i.test(String(error))) {
        rmSync(directory, { recursive: true, force: true });
        throw error;
      }
    }
  }

  const url = `mongodb://127.0.0.1:${port}`;
  const stop = async () => {
    if (child) await terminate(child);
    child = undefined;
  };
  return {
    source,
    url,
    databaseUrl: (label = 'idp_test') => withDatabase(url, uniqueDatabaseName(label)),
    stop,
    async restart() {
      if (child) throw new Error('the server is running; stop() it first');
      await launch();
    },
    async close() {
      await stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Spawns the server and resolves once it answers a ping; rejects with its output if it exits. */
async function launchAndWait(executable: string, args: string[], url: string): Promise<ChildProcess> {
  const child = spawn(executable, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // Never leave a server behind when the test process ends without closing it.
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  child.once('exit', () => process.removeListener('exit', kill));

  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    if (await answersPing(url)) return child;
    await new Promise((done) => setTimeout(done, 100));
  }
  await terminate(child);
  if (output.includes('version.txt')) {
    output += '\nThis ferretdb was built by `go install` without build/version/version.txt and cannot start;'
      + ' build it from the module source with that file written (see .ci/run).';
  }
  throw new Error(`${executable} did not start on ${url}:\n${output}`);
}

async function answersPing(url: string): Promise<boolean> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 });
  try {
    await client.db('admin').command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close();
  }
}

/** SIGTERM, and SIGKILL if it has not exited after 10 s. */
async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function onPath(name: string, path: string): string | null {
  for (const directory of path.split(delimiter).filter(Boolean)) {
    const candidate = join(directory, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch { /* not here */ }
  }
  return null;
}
