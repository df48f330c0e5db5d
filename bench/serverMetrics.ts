/**
 * What a server process under test tells the bench about itself, over the IPC channel that
 * `child_process.fork` opens: its own CPU time and memory (so per-core figures do not depend on how
 * busy the load generator is) and, for our provider, the store operations it asked for.
 */
import type { ChildProcess } from 'node:child_process';

import type { OperationCounts } from './countStoreOperations.js';

export interface ServerMetrics {
  /** process.cpuUsage() of the server: user + system, microseconds since it started. */
  cpuMicros: number;
  rssBytes: number;
  heapUsedBytes: number;
  /** V8 heap reserved (used or not), and memory outside it (buffers, native addons such as SQLite). */
  heapTotalBytes: number;
  externalBytes: number;
  storeOperations: OperationCounts;
  /** Milliseconds store calls held the event loop (bench/countStoreOperations.ts); 0 for the baseline. */
  storeBlockingMs: number;
  storeBlockingMsByOperation: OperationCounts;
  /** The longest single store call since the previous metrics request. */
  longestStoreCall: { operation: string; ms: number };
}

interface Request { type: 'metrics'; id: number; gc?: boolean }

/** Child side: answers metrics requests on the IPC channel. */
interface CountingStore {
  counts(): OperationCounts;
  blockingMs(): number;
  blockingMsByOperation(): OperationCounts;
  longestCall(): { operation: string; ms: number };
}

const uncounted: CountingStore = { counts: () => ({}), blockingMs: () => 0, blockingMsByOperation: () => ({}), longestCall: () => ({ operation: '', ms: 0 }) };

export function answerMetricsRequests(store: CountingStore = uncounted): void {
  process.on('message', (message: Request) => {
    if (message?.type !== 'metrics') return;
    // With --expose-gc, a collection first, so RSS reflects what is kept rather than garbage.
    if (message.gc && typeof globalThis.gc === 'function') globalThis.gc();
    const cpu = process.cpuUsage();
    const memory = process.memoryUsage();
    const reply: ServerMetrics & { id: number } = {
      id: message.id,
      cpuMicros: cpu.user + cpu.system,
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      heapTotalBytes: memory.heapTotal,
      externalBytes: memory.external,
      storeOperations: store.counts(),
      storeBlockingMs: store.blockingMs(),
      storeBlockingMsByOperation: store.blockingMsByOperation(),
      longestStoreCall: store.longestCall(),
    };
    process.send?.(reply);
  });
}

/** Child side: tells the parent the server listens, and where. */
export function announceListening(issuer: string): void {
  process.send?.({ type: 'listening', issuer });
}

let nextId = 1;

/** Parent side: asks a forked server for its metrics. */
export function requestMetrics(child: ChildProcess, options: { gc?: boolean } = {}): Promise<ServerMetrics> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.off('message', onMessage); reject(new Error('the server did not answer a metrics request')); }, 10_000);
    function onMessage(message: ServerMetrics & { id?: number }) {
      if (message?.id !== id) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message);
    }
    child.on('message', onMessage);
    child.send({ type: 'metrics', id, gc: options.gc } satisfies Request);
  });
}
