/**
 * Measured phases: the server's own CPU time and store operations before and after a load run,
 * turned into figures per completed operation. A phase may be run in several rounds, interleaved
 * with the other server's, so that a change in the machine's load (other people's work) weighs on
 * both alike; the rounds are added up before anything is divided.
 */
import { isRead, type OperationCounts } from './countStoreOperations.js';
import { latencies, type Latency, type LoadResult } from './load.js';
import type { ServerUnderTest } from './serverProcess.js';

export interface PhaseFigures {
  completed: number;
  failed: number;
  failures: string[];
  skipped: number;
  seconds: number;
  /** Completed per second of wall time, on this machine, with the load generator beside it. */
  perSecond: number;
  /** Server CPU (user + system) per completed operation. */
  serverCpuMs: number;
  /** 1000 / serverCpuMs: what one core of this machine does when it does nothing else. */
  perCore: number;
  /** Server CPU time / wall time: 1.0 means the server kept one core busy. */
  serverCpuUtilisation: number;
  latency: Record<string, Latency>;
  store: { reads: number; writes: number; blockingMs: number; byOperation: Record<string, number> } | null;
}

/** What one or more rounds of a phase measured, before dividing. */
export interface RawPhase {
  load: LoadResult;
  cpuMicros: number;
  storeOperations: OperationCounts;
  storeBlockingMs: number;
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

export async function measureRound(server: ServerUnderTest, run: () => Promise<LoadResult>): Promise<RawPhase> {
  const before = await server.metrics();
  const load = await run();
  const after = await server.metrics();
  const storeOperations: OperationCounts = {};
  for (const [operation, count] of Object.entries(after.storeOperations)) {
    const delta = count - (before.storeOperations[operation] ?? 0);
    if (delta !== 0) storeOperations[operation] = delta;
  }
  return { load, cpuMicros: after.cpuMicros - before.cpuMicros, storeOperations, storeBlockingMs: after.storeBlockingMs - before.storeBlockingMs };
}

export function addRounds(rounds: RawPhase[]): RawPhase {
  const storeOperations: OperationCounts = {};
  for (const r of rounds) for (const [operation, count] of Object.entries(r.storeOperations)) storeOperations[operation] = (storeOperations[operation] ?? 0) + count;
  const failures = [...new Set(rounds.flatMap((r) => r.load.failures))].slice(0, 5);
  return {
    load: {
      completed: rounds.reduce((sum, r) => sum + r.load.completed, 0),
      failed: rounds.reduce((sum, r) => sum + r.load.failed, 0),
      failures,
      skipped: rounds.reduce((sum, r) => sum + r.load.skipped, 0),
      wallMs: rounds.reduce((sum, r) => sum + r.load.wallMs, 0),
      samples: rounds.flatMap((r) => r.load.samples),
    },
    cpuMicros: rounds.reduce((sum, r) => sum + r.cpuMicros, 0),
    storeOperations,
    storeBlockingMs: rounds.reduce((sum, r) => sum + r.storeBlockingMs, 0),
  };
}

export function figuresOf(raw: RawPhase, storeCounted: boolean): PhaseFigures {
  const { load } = raw;
  const completed = Math.max(load.completed, 1);
  const cpuMs = raw.cpuMicros / 1000;
  let reads = 0;
  let writes = 0;
  const byOperation: Record<string, number> = {};
  for (const [operation, count] of Object.entries(raw.storeOperations)) {
    byOperation[operation] = round(count / completed);
    if (isRead(operation)) reads += count;
    else writes += count;
  }
  return {
    completed: load.completed,
    failed: load.failed,
    failures: load.failures,
    skipped: load.skipped,
    seconds: round(load.wallMs / 1000),
    perSecond: round(load.completed / (load.wallMs / 1000), 1),
    serverCpuMs: round(cpuMs / completed, 3),
    perCore: round(1000 / (cpuMs / completed), 1),
    serverCpuUtilisation: round(cpuMs / load.wallMs),
    latency: Object.fromEntries(Object.entries(latencies(load.samples)).map(([step, l]) => [step, {
      p50: round(l.p50), p95: round(l.p95), p99: round(l.p99), max: round(l.max),
    }])),
    store: storeCounted ? {
      reads: round(reads / completed),
      writes: round(writes / completed),
      blockingMs: round(raw.storeBlockingMs / completed, 3),
      byOperation,
    } : null,
  };
}
