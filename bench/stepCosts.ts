/**
 * Where a sign-in's server CPU goes: sign-ins one at a time, with the server's CPU time and store
 * operations read before and after each step. The cost of asking (one IPC round trip, measured
 * first with nothing in between) is taken off each reading.
 */
import type { OperationCounts } from './countStoreOperations.js';
import type { ServerUnderTest } from './serverProcess.js';
import { signIn, type BenchPerson, type SignInContext } from './signIn.js';

export interface StepCost { cpuMs: number; storeMs: number; storeOperations: Record<string, number> }

const round = (value: number) => Number(value.toFixed(3));

export async function measureStepCosts(server: ServerUnderTest, context: SignInContext, people: BenchPerson[], count: number): Promise<Record<string, StepCost>> {
  let overhead = Infinity;
  for (let i = 0; i < 20; i++) {
    const a = await server.metrics();
    const b = await server.metrics();
    overhead = Math.min(overhead, b.cpuMicros - a.cpuMicros);
  }
  const cpu: Record<string, number> = {};
  const storeMs: Record<string, number> = {};
  const operations: Record<string, OperationCounts> = {};
  const add = (into: OperationCounts, before: OperationCounts, after: OperationCounts) => {
    for (const [name, value] of Object.entries(after)) {
      const delta = value - (before[name] ?? 0);
      if (delta) into[name] = (into[name] ?? 0) + delta;
    }
  };
  for (let i = 0; i < count; i++) {
    await signIn(context, people[i % people.length]!, {
      wrapStep: async (step, action) => {
        const before = await server.metrics();
        const result = await action();
        const after = await server.metrics();
        cpu[step] = (cpu[step] ?? 0) + Math.max(0, after.cpuMicros - before.cpuMicros - overhead);
        storeMs[step] = (storeMs[step] ?? 0) + after.storeBlockingMs - before.storeBlockingMs;
        add((operations[step] ??= {}), before.storeOperations, after.storeOperations);
        return result;
      },
    });
  }
  return Object.fromEntries(Object.keys(cpu).map((step) => [step, {
    cpuMs: round(cpu[step]! / count / 1000),
    storeMs: round(storeMs[step]! / count),
    storeOperations: Object.fromEntries(Object.entries(operations[step] ?? {}).map(([name, value]) => [name, round(value / count)])),
  }]));
}
