/**
 * `npm run bench`: passkey sign-ins per second per core, side by side with a bare oidc-provider.
 *
 *   npm run bench                          # SQLite, 10,000 people, 10,000 sessions, concurrency 8
 *   npm run bench -- --quick               # a short run for development (200 people, a few seconds a phase)
 *   DATABASE_URL=mongodb://127.0.0.1:27017 npm run bench    # MongoDB (a fresh database, dropped afterwards)
 *
 * Options: --people N --sessions N --concurrency N --duration SECONDS (each sign-in phase, per server)
 *          --grant-duration SECONDS --warmup SECONDS --rounds N --profile (server CPU profiles)
 *          --no-baseline (no bare oidc-provider in memory) --no-store-baseline (no bare oidc-provider with
 *          our store as its adapter; by default it runs, as the third server)
 *          --server-flags "NODE FLAGS" --server-env NAME=VALUE (both servers; to try a setting)
 *
 * Both servers run at once; every phase alternates between them in rounds, so that other work on
 * the machine weighs on both alike.
 *
 * Everything runs on 127.0.0.1. Prints a table and writes bench/results/<timestamp>.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { MongoClient } from 'mongodb';

import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/ports.js';
import { targetFor } from './browser.js';
import { clientCredentialsGrant, refreshGrants } from './grants.js';
import { watchMachineLoad } from './machineLoad.js';
import { closedLoop, openLoop, type LoadResult, type Operation } from './load.js';
import { addRounds, figuresOf, measureRound, type PhaseFigures, type RawPhase } from './measure.js';
import { registerClients, signUpPeople, topUpSessions, type BenchClients } from './population.js';
import { discoverApp } from './relyingApp.js';
import { printReport, type BenchReport, type ServerFigures } from './report.js';
import { startServer, type ServerUnderTest } from './serverProcess.js';
import { signIn, type BenchPerson, type Flavour, type SignInContext } from './signIn.js';
import { measureStepCosts, type StepCost } from './stepCosts.js';


const root = resolve(import.meta.dirname, '../..');

/** The limits on what one address may start (README "Configuration"), at the highest they go. */
const BENCH_LIMITS = { INTERACTIONS_PER_IP: '100000000', CEREMONIES_PER_IP: '100000000', CEREMONIES_PER_INTERACTION: '100000000' };

function readOptions() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      people: { type: 'string' },
      sessions: { type: 'string' },
      concurrency: { type: 'string' },
      duration: { type: 'string' },
      'grant-duration': { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      'no-baseline': { type: 'boolean', default: false },
      'no-store-baseline': { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      'server-flags': { type: 'string', default: '' },
      'server-env': { type: 'string', multiple: true, default: [] },
    },
  });
  const quick = values.quick!;
  const number = (name: string, raw: string | undefined, fallback: number) => {
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
    return value;
  };
  const people = number('people', values.people, quick ? 200 : 10_000);
  const concurrency = number('concurrency', values.concurrency, 8);
  if (people < concurrency * 2) throw new Error('--people must be at least twice --concurrency (a person signs in on one device at a time)');
  return {
    quick,
    people,
    sessions: number('sessions', values.sessions, quick ? 200 : 10_000),
    concurrency,
    durationMs: number('duration', values.duration, quick ? 4 : 20) * 1000,
    grantDurationMs: number('grant-duration', values['grant-duration'], quick ? 3 : 10) * 1000,
    warmupMs: number('warmup', values.warmup, quick ? 2 : 5) * 1000,
    stepSamples: quick ? 100 : 300,
    rounds: number('rounds', values.rounds, quick ? 2 : 4),
    baseline: !values['no-baseline'],
    storeBaseline: !values['no-store-baseline'],
    profile: values.profile!,
    /** Node flags and environment for both servers, to try a setting (e.g. --max-semi-space-size=8, MALLOC_ARENA_MAX=2). */
    serverFlags: values['server-flags']!.split(' ').filter(Boolean),
    serverEnv: Object.fromEntries(values['server-env']!.map((pair) => {
      const at = pair.indexOf('=');
      if (at < 1) throw new Error('--server-env takes NAME=VALUE');
      return [pair.slice(0, at), pair.slice(at + 1)];
    })),
  };
}
type Options = ReturnType<typeof readOptions>;

/** The bench never writes into a real database: a temporary SQLite file, or a fresh MongoDB database. */
function benchDatabase(databaseUrl: string | undefined, workDirectory: string, stamp: string) {
  if (!databaseUrl || databaseUrl.startsWith('sqlite:')) {
    return { engine: 'sqlite' as const, url: `sqlite:${join(workDirectory, `bench-${stamp}.db`)}`, drop: async () => {} };
  }
  const parts = /^(mongodb(?:\+srv)?:\/\/[^/?]*)(\/[^?]*)?(\?.*)?$/.exec(databaseUrl);
  if (!parts) throw new Error('DATABASE_URL must be sqlite:PATH or mongodb://HOST[/DB][?OPTIONS]');
  const url = `${parts[1]}/idp_bench_${stamp.replace(/\W/g, '_')}${parts[3] ?? ''}`;
  return {
    engine: 'mongo' as const,
    url,
    drop: async () => {
      const client = new MongoClient(url);
      try { await client.db().dropDatabase(); } finally { await client.close(); }
    },
  };
}

class PeoplePool {
  private readonly idle: BenchPerson[];
  constructor(people: BenchPerson[]) { this.idle = [...people]; }
  take(): BenchPerson | undefined { return this.idle.shift(); }
  give(person: BenchPerson): void { this.idle.push(person); }
}

/** A server under test with what the load generator keeps for it. */
interface Subject {
  /** How it is named in the report: ours, baseline, or the baseline on our store. */
  label: SubjectLabel;
  flavour: Flavour;
  /** Whether the server counts its store operations (it has a store). */
  counted: boolean;
  server: ServerUnderTest;
  context: SignInContext;
  pool: PeoplePool;
  rssAtStartBytes: number;
  /** A sign-in by the next idle person. */
  nextSignIn: Operation;
  /** A sign-in by the next idle person, or null when everyone is busy (open loop). */
  startSignIn: () => Operation | null;
}

type SubjectLabel = 'ours' | 'baseline' | 'baseline on our store';

async function prepareSubject(label: SubjectLabel, server: ServerUnderTest, people: BenchPerson[], clients: BenchClients, concurrency: number): Promise<Subject> {
  const flavour: Flavour = label === 'ours' ? 'ours' : 'baseline';
  const target = targetFor(server.issuer, concurrency * 8);
  const context = { flavour, target, app: await discoverApp(target, clients.app) };
  const pool = new PeoplePool(people);
  const signInOf = (person: BenchPerson): Operation => () => signIn(context, person).then((r) => r.steps).finally(() => pool.give(person));
  const { rssBytes } = await server.metrics({ gc: true });
  return {
    label, flavour, counted: label !== 'baseline', server, context, pool, rssAtStartBytes: rssBytes,
    nextSignIn: () => {
      const person = pool.take();
      return person ? signInOf(person)() : Promise.reject(new Error('every person is busy'));
    },
    startSignIn: () => {
      const person = pool.take();
      return person ? signInOf(person) : null;
    },
  };
}

/** Runs a phase for every subject in `rounds` interleaved rounds; returns the figures per subject. */
async function interleaved(
  subjects: Subject[], rounds: number, label: string, progress: (line: string) => void,
  run: (subject: Subject, round: number) => Promise<LoadResult>,
): Promise<PhaseFigures[]> {
  const raw = subjects.map((): RawPhase[] => []);
  for (let r = 0; r < rounds; r++) {
    for (const [i, subject] of subjects.entries()) {
      progress(`  ${label}: ${subject.label}, round ${r + 1} of ${rounds}`);
      raw[i]!.push(await measureRound(subject.server, () => run(subject, r)));
    }
  }
  return subjects.map((subject, i) => {
    const figures = figuresOf(addRounds(raw[i]!), subject.counted);
    if (figures.failed > 0) progress(`  ${figures.failed} failed (${subject.label}, ${label}): ${figures.failures.join(' | ')}`);
    if (figures.completed === 0) throw new Error(`${subject.label}: nothing completed in "${label}": ${figures.failures.join(' | ')}`);
    return figures;
  });
}

async function benchSubjects(subjects: Subject[], clients: BenchClients, options: Options, progress: (line: string) => void, afterWarmup: () => Promise<void>) {
  const { concurrency, rounds } = options;
  const sliceMs = (total: number) => total / rounds;

  for (const subject of subjects) {
    progress(`warming up ${subject.label} (${options.warmupMs / 1000} s)`);
    const warm = await closedLoop(concurrency, { durationMs: options.warmupMs }, subject.nextSignIn);
    if (warm.completed === 0) throw new Error(`${subject.label}: no sign-in completed: ${warm.failures.join(' | ')}`);
  }
  await afterWarmup();

  const stepCosts: Array<Record<string, StepCost>> = [];
  for (const subject of subjects) {
    progress(`server CPU per step, one sign-in at a time: ${subject.label} (${options.stepSamples} sign-ins)`);
    const stepPeople = Array.from({ length: concurrency }, () => subject.pool.take()!);
    stepCosts.push(await measureStepCosts(subject.server, subject.context, stepPeople, options.stepSamples));
    stepPeople.forEach((person) => subject.pool.give(person));
  }

  progress(`sign-ins at concurrency ${concurrency} (${options.durationMs / 1000} s each, in ${rounds} rounds)`);
  const peak = await interleaved(subjects, rounds, 'peak', progress,
    (subject) => closedLoop(concurrency, { durationMs: sliceMs(options.durationMs) }, subject.nextSignIn));

  progress(`sign-ins at half of each one's peak: ${peak.map((p, i) => `${subjects[i]!.label} ${(p.perSecond / 2).toFixed(1)}/s`).join(', ')}`);
  const halfPeak = await interleaved(subjects, rounds, 'half peak', progress, (subject) => {
    const rate = Math.max(1, peak[subjects.indexOf(subject)]!.perSecond / 2);
    return openLoop(rate, concurrency * 8, { durationMs: sliceMs(options.durationMs) }, subject.startSignIn);
  });

  progress(`client_credentials grants (${options.grantDurationMs / 1000} s each)`);
  const clientCredentials = await interleaved(subjects, rounds, 'client_credentials', progress,
    (subject) => closedLoop(concurrency, { durationMs: sliceMs(options.grantDurationMs) }, clientCredentialsGrant(subject.context.target, clients.service)));

  progress(`refresh grants (${options.grantDurationMs / 1000} s each)`);
  const refreshOperations: Operation[] = [];
  for (const subject of subjects) {
    const refreshTokens: string[] = [];
    for (let i = 0; i < concurrency; i++) {
      const person = subject.pool.take()!;
      const { refreshToken } = await signIn(subject.context, person, { consent: true });
      subject.pool.give(person);
      if (!refreshToken) throw new Error(`${subject.label}: a sign-in with offline_access gave no refresh token`);
      refreshTokens.push(refreshToken);
    }
    refreshOperations.push(refreshGrants(subject.context.target, clients.app, refreshTokens));
  }
  const refresh = await interleaved(subjects, rounds, 'refresh', progress,
    (subject) => closedLoop(concurrency, { durationMs: sliceMs(options.grantDurationMs) }, refreshOperations[subjects.indexOf(subject)]!));

  const figures: ServerFigures[] = [];
  for (const [i, subject] of subjects.entries()) {
    subject.context.target.agent.destroy();
    const memory = await subject.server.metrics({ gc: true });
    figures.push({
      stepCosts: stepCosts[i]!, peak: peak[i]!, halfPeak: halfPeak[i]!, clientCredentials: clientCredentials[i]!, refresh: refresh[i]!,
      memory: {
        rssAtStartBytes: subject.rssAtStartBytes,
        rssBytes: memory.rssBytes, heapUsedBytes: memory.heapUsedBytes, heapTotalBytes: memory.heapTotalBytes, externalBytes: memory.externalBytes,
      },
    });
  }
  return figures;
}

async function main(): Promise<void> {
  const options = readOptions();
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const work = mkdtempSync(join(tmpdir(), 'idp-bench-'));
  const resultsDirectory = join(root, 'bench/results');
  mkdirSync(resultsDirectory, { recursive: true });
  const profileDirectory = join(resultsDirectory, `profiles-${stamp}`);
  const database = benchDatabase(process.env.DATABASE_URL, work, stamp);
  const storeBaselineDatabase = benchDatabase(process.env.DATABASE_URL, work, `${stamp}-bare`);
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  const loadBefore = loadavg();
  const servers: ServerUnderTest[] = [];
  let store: Store | undefined;

  // Every server runs as the container image runs the provider: glibc limited to 2 malloc arenas
  // (Dockerfile), which keeps crypto on the thread pool from growing the resident set.
  const serverEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'development', IDP_NAME: 'Bench ID', MALLOC_ARENA_MAX: '2',
    // Every bench sign-in comes from 127.0.0.1: limits far above what a run sends, so that the count
    // is paid for, as in a deployment, but nothing is refused.
    ...BENCH_LIMITS, ...options.serverEnv, ...extra,
  });
  const nodeFlags = (name: string) => [
    ...options.serverFlags,
    ...(options.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDirectory}`, `--cpu-prof-name=${name}.cpuprofile`] : []),
  ];

  try {
    progress(`setting up ${database.engine}: ${options.people} people, each with a passkey`);
    store = await openStore(database.url);
    const people = await signUpPeople(store, options.people);
    const { clients, metadata } = await registerClients(store);

    progress('starting the provider and the baseline');
    const ours = await startServer({
      entry: join(root, 'dist/bench/provider.js'), env: serverEnv({ DATABASE_URL: database.url }), cwd: work,
      logFile: join(work, 'provider.log'), nodeFlags: nodeFlags('provider'),
    });
    servers.push(ours);
    const subjects = [await prepareSubject('ours', ours, people, clients, options.concurrency)];
    const startBaseline = async (name: string, databaseUrl?: string) => {
      const server = await startServer({
        entry: join(root, 'dist/bench/baseline-server.js'),
        args: [JSON.stringify({
          appClient: { ...metadata.app, id_token_signed_response_alg: 'ES256', first_party: undefined },
          serviceClient: { ...metadata.service, id_token_signed_response_alg: 'ES256' },
          databaseUrl,
        })],
        env: serverEnv(), cwd: work, logFile: join(work, `${name}.log`), nodeFlags: nodeFlags(name),
      });
      servers.push(server);
      return server;
    };
    if (options.baseline) subjects.push(await prepareSubject('baseline', await startBaseline('baseline'), people, clients, options.concurrency));
    if (options.storeBaseline) {
      subjects.push(await prepareSubject('baseline on our store', await startBaseline('baseline-store', storeBaselineDatabase.url), people, clients, options.concurrency));
    }

    let sessionsCopied = 0;
    const machineLoad = watchMachineLoad();
    const ownCpuBefore = process.cpuUsage();
    const serversCpuBefore = await Promise.all(subjects.map((subject) => subject.server.metrics()));
    const figures = await benchSubjects(subjects, clients, options, progress, async () => {
      progress(`copying sessions until ${options.sessions} are live`);
      sessionsCopied = await topUpSessions(store!, people, options.sessions);
    });
    const serversCpuAfter = await Promise.all(subjects.map((subject) => subject.server.metrics()));
    const ownCpu = process.cpuUsage(ownCpuBefore);
    const othersCores = machineLoad.othersCores(ownCpu.user + ownCpu.system
      + serversCpuAfter.reduce((sum, m, i) => sum + m.cpuMicros - serversCpuBefore[i]!.cpuMicros, 0));
    const counts = {
      people: await store.people.count(),
      credentials: await store.credentials.count(),
      sessions: await store.oidc.count('Session'),
      sessionsCopied,
    };
    while (servers.length > 0) await servers.pop()!.stop();

    const report: BenchReport = {
      startedAt: startedAt.toISOString(),
      machine: {
        cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version, platform: `${process.platform} ${process.arch}`,
        loadAverageBefore: loadBefore.map((l) => Number(l.toFixed(2))), loadAverageAfter: loadavg().map((l) => Number(l.toFixed(2))),
        othersCoresBusy: othersCores,
        loadGeneratorCpuSeconds: Number(((ownCpu.user + ownCpu.system) / 1e6).toFixed(1)),
      },
      engine: database.engine,
      options: { ...options, durationMs: options.durationMs, grantDurationMs: options.grantDurationMs },
      ours: { ...figures[0]!, store: counts },
      baseline: options.baseline ? figures[1]! : null,
      baselineOnOurStore: options.storeBaseline ? figures[subjects.length - 1]! : null,
      profiles: options.profile ? profileDirectory : null,
    };
    const file = join(resultsDirectory, `${stamp}.json`);
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    printReport(report, (line) => process.stdout.write(`${line}\n`));
    process.stdout.write(`\nJSON: ${file}\n`);
  } finally {
    for (const server of servers) await server.stop().catch(() => {});
    await store?.close();
    for (const created of [database, ...(options.storeBaseline ? [storeBaselineDatabase] : [])]) {
      await created.drop().catch((error: Error) => progress(`could not drop the bench database: ${error.message}`));
    }
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
