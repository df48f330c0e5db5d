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
  store: {
    reads: number;
    writes: number;
    blockingMs: number;
    /** Per completed operation: how many calls of each kind, and the microseconds each call held the event loop on average. */
    byOperation: Record<string, { calls: number; microsEach: number }>;
    /** The longest single store call of the phase: every request in flight waited for it. */
    longestCall: { operation: string; ms: number };
  } | null;
}

/** What one or more rounds of a phase measured, before dividing. */
export interface RawPhase {
  load: LoadResult;
  cpuMicros: number;
  storeOperations: OperationCounts;
  storeBlockingMs: number;
  storeBlockingMsByOperation: OperationCounts;
  longestStoreCall: { operation: string; ms: number };
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

export async function measureRound(server: ServerUnderTest, run: () => Promise<LoadResult>): Promise<RawPhase> {
  const before = await server.metrics();
  const load = await run();
  const after = await server.metrics();
  const delta = (a: OperationCounts, b: OperationCounts) => {
    const changes: OperationCounts = {};
    for (const [operation, value] of Object.entries(b)) {
      if (value !== (a[operation] ?? 0)) changes[operation] = value - (a[operation] ?? 0);
    }
    return changes;
  };
  return {
    load,
    cpuMicros: after.cpuMicros - before.cpuMicros,
    storeOperations: delta(before.storeOperations, after.storeOperations),
    storeBlockingMs: after.storeBlockingMs - before.storeBlockingMs,
    storeBlockingMsByOperation: delta(before.storeBlockingMsByOperation, after.storeBlockingMsByOperation),
    longestStoreCall: after.longestStoreCall,
  };
}

function addUp(maps: OperationCounts[]): OperationCounts {
  const total: OperationCounts = {};
  for (const map of maps) for (const [operation, value] of Object.entries(map)) total[operation] = (total[operation] ?? 0) + value;
  return total;
}

export function addRounds(rounds: RawPhase[]): RawPhase {
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
    storeOperations: addUp(rounds.map((r) => r.storeOperations)),
    storeBlockingMs: rounds.reduce((total, r) => total + r.storeBlockingMs, 0),
    storeBlockingMsByOperation: addUp(rounds.map((r) => r.storeBlockingMsByOperation)),
    longestStoreCall: rounds.map((r) => r.longestStoreCall).reduce((a, b) => (b.ms > a.ms ? b : a), { operation: '', ms: 0 }),
  };
}

export function figuresOf(raw: RawPhase, storeCounted: boolean): PhaseFigures {
  const { load } = raw;
  const completed = Math.max(load.completed, 1);
  const cpuMs = raw.cpuMicros / 1000;
  let reads = 0;
  let writes = 0;
  const byOperation: Record<string, { calls: number; microsEach: number }> = {};
  for (const [operation, count] of Object.entries(raw.storeOperations)) {
    byOperation[operation] = { calls: round(count / completed), microsEach: round((1000 * (raw.storeBlockingMsByOperation[operation] ?? 0)) / count, 1) };
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
      longestCall: { operation: raw.longestStoreCall.operation, ms: round(raw.longestStoreCall.ms) },
    } : null,
  };
}
