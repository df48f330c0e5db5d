/**
 * Two ways to drive load, both bounded by a duration and a count:
 * - closed loop: `concurrency` workers, each starting its next operation when the last one ends
 *   (finds the peak: how many complete per second when there is always work waiting);
 * - open loop: operations start at a fixed rate whatever the previous ones are doing (latency at a
 *   given throughput, e.g. half of peak, without the generator slowing down with the server).
 * An operation returns its step times; its whole duration is measured here.
 */
import { performance } from 'node:perf_hooks';

import type { StepTimes } from './signIn.js';

export interface Sample { totalMs: number; steps: StepTimes }

export interface LoadResult {
  completed: number;
  failed: number;
  /** Up to five distinct failure messages, for the report. */
  failures: string[];
  /** Operations an open loop could not start on time (every person busy, or too many in flight). */
  skipped: number;
  wallMs: number;
  samples: Sample[];
}

export type Operation = () => Promise<StepTimes>;

interface Bounds { durationMs: number; maxCount?: number }

function recorder() {
  const result: LoadResult = { completed: 0, failed: 0, failures: [], skipped: 0, wallMs: 0, samples: [] };
  const run = async (operation: Operation) => {
    const started = performance.now();
    try {
      const steps = await operation();
      result.samples.push({ totalMs: performance.now() - started, steps });
      result.completed += 1;
    } catch (error) {
      result.failed += 1;
      const message = error instanceof Error ? error.message : String(error);
      if (result.failures.length < 5 && !result.failures.includes(message)) result.failures.push(message);
    }
  };
  return { result, run };
}

export async function closedLoop(concurrency: number, bounds: Bounds, operation: Operation): Promise<LoadResult> {
  const { result, run } = recorder();
  const started = performance.now();
  const deadline = started + bounds.durationMs;
  let begun = 0;
  const worker = async () => {
    while (performance.now() < deadline && begun < (bounds.maxCount ?? Infinity)) {
      begun += 1;
      await run(operation);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  result.wallMs = performance.now() - started;
  return result;
}

/**
 * Starts `operation` every 1/ratePerSecond seconds. `start()` returns null when it cannot start one
 * now (e.g. every person is busy); that counts as skipped, as does going over `maxInFlight`.
 */
export async function openLoop(ratePerSecond: number, maxInFlight: number, bounds: Bounds, start: () => Operation | null): Promise<LoadResult> {
  const { result, run } = recorder();
  const interval = 1000 / ratePerSecond;
  const started = performance.now();
  const count = Math.min(Math.floor(bounds.durationMs / interval), bounds.maxCount ?? Infinity);
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; i < count; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const operation = inFlight.size < maxInFlight ? start() : null;
    if (!operation) {
      result.skipped += 1;
      continue;
    }
    const pending = run(operation).finally(() => inFlight.delete(pending));
    inFlight.add(pending);
  }
  await Promise.all(inFlight);
  result.wallMs = performance.now() - started;
  return result;
}

/** Nearest-rank percentile of unsorted values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface Latency { p50: number; p95: number; p99: number; max: number }

export function latencyOf(values: number[]): Latency {
  return { p50: percentile(values, 50), p95: percentile(values, 95), p99: percentile(values, 99), max: percentile(values, 100) };
}

/** Latency of the whole operation and of each step. */
export function latencies(samples: Sample[]): Record<string, Latency> {
  const byStep = new Map<string, number[]>([['whole', samples.map((s) => s.totalMs)]]);
  for (const sample of samples) {
    for (const [step, ms] of Object.entries(sample.steps)) {
      if (!byStep.has(step)) byStep.set(step, []);
      byStep.get(step)!.push(ms);
    }
  }
  return Object.fromEntries([...byStep].map(([step, values]) => [step, latencyOf(values)]));
}
