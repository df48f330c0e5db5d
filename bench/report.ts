/**
 * The bench's report: one JSON document (written as it is) and the table printed from it, with the
 * goals the project holds itself to and whether this run met them.
 */
import type { PhaseFigures } from './measure.js';
import type { StepCost } from './stepCosts.js';

export interface ServerFigures {
  stepCosts: Record<string, StepCost>;
  peak: PhaseFigures;
  halfPeak: PhaseFigures;
  clientCredentials: PhaseFigures;
  refresh: PhaseFigures;
  memory: { rssAtStartBytes: number; rssBytes: number; heapUsedBytes: number; heapTotalBytes: number; externalBytes: number };
}

export interface BenchReport {
  startedAt: string;
  machine: {
    cpu: string; cores: number; memoryGiB: number; node: string; platform: string;
    loadAverageBefore: number[]; loadAverageAfter: number[];
    /** Average cores kept busy by other work on the machine while the bench ran (Linux), or null. */
    othersCoresBusy: number | null;
    loadGeneratorCpuSeconds: number;
  };
  engine: 'sqlite' | 'mongo';
  options: Record<string, unknown>;
  ours: ServerFigures & { store: { people: number; credentials: number; sessions: number; sessionsCopied: number } };
  baseline: ServerFigures | null;
  /** The bare oidc-provider with our store as its adapter (--store-baseline), or null. */
  baselineOnOurStore: ServerFigures | null;
  profiles: string | null;
}

export interface Goal { goal: string; value: string; met: boolean | null }

const MB = 1024 * 1024;

/** Server CPU per passkey sign-in, ours ÷ another server's, in the same run; null without that server. */
export function cpuRatio(ours: ServerFigures, other: ServerFigures | null): number | null {
  return other ? ours.peak.serverCpuMs / other.peak.serverCpuMs : null;
}

/** Failed or skipped operations of every phase, of our server only or of every server. */
export function errorsOf(report: BenchReport, servers: 'ours' | 'all' = 'ours'): number {
  return (servers === 'ours' ? [report.ours] : [report.ours, report.baseline, report.baselineOnOurStore])
    .flatMap((f) => (f ? [f.peak, f.halfPeak, f.clientCredentials, f.refresh] : []))
    .reduce((sum, p) => sum + p.failed + p.skipped, 0);
}

export function goalsOf(report: BenchReport): Goal[] {
  const { ours } = report;
  const onStore = cpuRatio(ours, report.baselineOnOurStore);
  const inMemory = cpuRatio(ours, report.baseline);
  const populated = ours.store.people >= 10_000;
  const p99 = ours.halfPeak.latency.whole?.p99 ?? Infinity;
  const ratio = (value: number | null, what: string) => (value === null ? `no ${what}` : `${value.toFixed(2)} ×`);
  const errors = errorsOf(report);
  return [
    { goal: 'server CPU per sign-in ≤ 1.3 × bare oidc-provider on the same store', value: ratio(onStore, 'store baseline'), met: onStore === null ? null : onStore <= 1.3 },
    { goal: 'server CPU per sign-in ≤ 1.65 × bare oidc-provider in memory', value: ratio(inMemory, 'baseline'), met: inMemory === null ? null : inMemory <= 1.65 },
    { goal: 'store writes per sign-in ≤ 8', value: String(ours.peak.store?.writes), met: (ours.peak.store?.writes ?? Infinity) <= 8 },
    { goal: 'p99 of a sign-in < 30 ms at half of peak', value: `${p99.toFixed(1)} ms`, met: p99 < 30 },
    { goal: 'no errors (failed or not started on time)', value: String(errors), met: errors === 0 },
    {
      goal: 'server RSS ≤ 150 MB after a 10,000-person run',
      value: `${(ours.memory.rssBytes / MB).toFixed(0)} MB with ${ours.store.people} people, ${ours.store.sessions} sessions`,
      met: populated ? ours.memory.rssBytes <= 150 * MB : null,
    },
  ];
}

/** Numbers right-aligned; the first column, and the last when `textLast`, left-aligned. */
function table(rows: string[][], write: (line: string) => void, textLast = false): void {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const last = rows[0]!.length - 1;
  for (const row of rows) {
    write(row.map((cell, column) => (column === 0 || (textLast && column === last) ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('   ').trimEnd());
  }
}

const ms = (value: number | undefined) => (value === undefined ? '–' : value.toFixed(1));
const times = (a: number, b: number | undefined) => (b ? `${(a / b).toFixed(2)} ×` : '–');

export function printReport(report: BenchReport, write: (line: string) => void): void {
  const { ours, baseline, machine } = report;
  const c = report.options.concurrency;
  write('');
  write(`Passkey sign-ins, ${report.engine}, concurrency ${c} — ${machine.cores} × ${machine.cpu}, ${machine.platform}, Node ${machine.node}`);
  const others = machine.othersCoresBusy === null ? 'unknown' : `${machine.othersCoresBusy} of ${machine.cores} cores on average`;
  write(`Other work on the machine during the run: ${others} (load average ${machine.loadAverageBefore[0]} before, ${machine.loadAverageAfter[0]} after).`);
  write('');
  // Ratios first: absolute figures vary from machine to machine (and with other work on it); the ratio
  // of two servers measured in the same run, alternating, much less.
  write('Server CPU per passkey sign-in, ours ÷ a bare oidc-provider of the same version, in this run:');
  const ratioRows: string[][] = [];
  for (const [label, other] of [[`on the same store (${report.engine})`, report.baselineOnOurStore], ['in memory', baseline]] as const) {
    const value = cpuRatio(ours, other);
    if (value === null || !other) continue;
    ratioRows.push([`  ÷ bare ${label}`, `${value.toFixed(2)} ×`, `(${ours.peak.serverCpuMs.toFixed(2)} ms ÷ ${other.peak.serverCpuMs.toFixed(2)} ms; ${ours.peak.perCore.toFixed(0)} ÷ ${other.peak.perCore.toFixed(0)} sign-ins per second per core)`]);
  }
  if (ratioRows.length > 0) table(ratioRows, write, true);
  write('');
  const onOurStore = report.baselineOnOurStore;
  const columns: Array<[string, ServerFigures]> = [['ours', ours]];
  if (baseline) columns.push(['baseline', baseline]);
  if (onOurStore) columns.push(['bare on our store', onOurStore]);
  const rows: string[][] = [['', ...columns.map(([name]) => name), ...(baseline ? ['ours ÷ baseline'] : [])]];
  const pair = (label: string, pick: (f: ServerFigures) => number, format: (v: number) => string, compare = true) => {
    rows.push([label, ...columns.map(([, f]) => format(pick(f))), ...(baseline ? [compare ? times(pick(ours), pick(baseline)) : ''] : [])]);
  };
  const text = (label: string, pick: (f: ServerFigures) => string) => rows.push([label, ...columns.map(([, f]) => pick(f)), ...(baseline ? [''] : [])]);
  const n = (digits: number) => (v: number) => v.toFixed(digits);
  pair('sign-ins per second (this machine)', (f) => f.peak.perSecond, n(1));
  pair('server CPU ms per sign-in', (f) => f.peak.serverCpuMs, n(2));
  pair('sign-ins per second per core', (f) => f.peak.perCore, n(0));
  pair('server CPU use during the run (1 = a core)', (f) => f.peak.serverCpuUtilisation, n(2), false);
  pair(`sign-in p50 ms at concurrency ${c}`, (f) => f.peak.latency.whole!.p50, n(1), false);
  pair(`sign-in p99 ms at concurrency ${c}`, (f) => f.peak.latency.whole!.p99, n(1), false);
  pair('client_credentials grants per second per core', (f) => f.clientCredentials.perCore, n(0));
  pair('refresh grants per second per core', (f) => f.refresh.perCore, n(0));
  pair('server RSS MB at start', (f) => f.memory.rssAtStartBytes / MB, n(0), false);
  pair('server RSS MB after the run', (f) => f.memory.rssBytes / MB, n(0), false);
  text('  of it V8 heap, used / reserved MB', (f) => `${(f.memory.heapUsedBytes / MB).toFixed(0)} / ${(f.memory.heapTotalBytes / MB).toFixed(0)}`);
  const storeFigures = (pick: (f: ServerFigures) => PhaseFigures) => (f: ServerFigures) => {
    const store = pick(f).store;
    return store ? `${store.reads} / ${store.writes}` : '(memory)';
  };
  text('store reads / writes per sign-in', storeFigures((f) => f.peak));
  text('  ms in store calls per sign-in (event loop)', (f) => f.peak.store?.blockingMs.toFixed(2) ?? '–');
  text('store reads / writes per client_credentials', storeFigures((f) => f.clientCredentials));
  text('store reads / writes per refresh', storeFigures((f) => f.refresh));
  table(rows, write);
  write(`In the store after the run: ${ours.store.people} people, ${ours.store.credentials} passkeys, ${ours.store.sessions} live sessions (${ours.store.sessionsCopied} of them copies of a real one, made before measuring).`);

  write('');
  write(`Latency at half of peak, ms (${columns.map(([name, f]) => `${name} ${f.halfPeak.perSecond}/s`).join(', ')}):`);
  const steps = [...new Set(columns.flatMap(([, f]) => Object.keys(f.halfPeak.latency)))];
  const latencyRows: string[][] = [['step', ...columns.flatMap(([name]) => [`${name} p50`, 'p95', 'p99'])]];
  for (const step of steps) {
    latencyRows.push([step, ...columns.flatMap(([, f]) => {
      const l = f.halfPeak.latency[step];
      return [ms(l?.p50), ms(l?.p95), ms(l?.p99)];
    })]);
  }
  table(latencyRows, write);

  write('');
  write('Server CPU ms per step, one sign-in at a time, and the store operations of each step (ours):');
  const stepNames = [...new Set(columns.flatMap(([, f]) => Object.keys(f.stepCosts)))];
  const costRows: string[][] = [['step', 'ours', 'of it in store', ...columns.slice(1).map(([name]) => name), 'store operations (ours)']];
  const totals = columns.map(() => 0);
  let storeTotal = 0;
  for (const step of stepNames) {
    const costs = columns.map(([, f]) => f.stepCosts[step]);
    costs.forEach((cost, i) => { totals[i]! += cost?.cpuMs ?? 0; });
    storeTotal += ours.stepCosts[step]?.storeMs ?? 0;
    const operations = Object.entries(ours.stepCosts[step]?.storeOperations ?? {}).map(([name, count]) => (count === 1 ? name : `${count}× ${name}`)).join(', ');
    const cpu = costs.map((cost) => (cost ? cost.cpuMs.toFixed(2) : '–'));
    costRows.push([step, cpu[0]!, ours.stepCosts[step] ? ours.stepCosts[step]!.storeMs.toFixed(2) : '–', ...cpu.slice(1), operations]);
  }
  costRows.push(['total', totals[0]!.toFixed(2), storeTotal.toFixed(2), ...totals.slice(1).map((t) => t.toFixed(2)), `${ours.peak.store?.reads} reads, ${ours.peak.store?.writes} writes`]);
  table(costRows, write, true);

  write('');
  write(`Store operations per sign-in at concurrency ${c} (ours, ${report.engine}), and how long each held the event loop:`);
  const operationRows: string[][] = [['operation', 'calls', 'µs each']];
  for (const [operation, { calls, microsEach }] of Object.entries(ours.peak.store?.byOperation ?? {})) operationRows.push([operation, calls.toFixed(2), microsEach.toFixed(0)]);
  table(operationRows, write);
  const longest = ours.halfPeak.store?.longestCall;
  if (longest?.operation) write(`Longest single store call at half of peak: ${longest.ms} ms (${longest.operation}); every request in flight waited for it.`);

  write('');
  write('Goals:');
  table(goalsOf(report).map((g) => [g.met === null ? '  ?' : g.met ? '  ✓' : '  ✗', g.goal, g.value]).map(([mark, goal, value]) => [`${mark} ${goal}`, value!]), write, true);
  const failures = errorsOf(report, 'all');
  if (failures > 0) write(`\nNote: ${failures} operations failed or could not start on time; see "failed", "skipped" and "failures" in the JSON.`);
  if (report.profiles) write(`\nServer CPU profiles: ${report.profiles}`);
}
