import { cpuRatio, errorsOf, goalsOf, type BenchReport, type ServerFigures } from '../../bench/report.js';
import type { PhaseFigures } from '../../bench/measure.js';

const phase = (serverCpuMs: number, extra: Partial<PhaseFigures> = {}): PhaseFigures => ({
  completed: 100, failed: 0, failures: [], skipped: 0, seconds: 1, perSecond: 100, serverCpuMs, perCore: 1000 / serverCpuMs,
  serverCpuUtilisation: 1, latency: { whole: { p50: 5, p95: 10, p99: 20, max: 30 } }, store: { reads: 10, writes: 8, blockingMs: 1, byOperation: {}, longestCall: { operation: '', ms: 0 } },
  ...extra,
});
const server = (serverCpuMs: number, rssMB = 140): ServerFigures => ({
  stepCosts: {}, peak: phase(serverCpuMs), halfPeak: phase(serverCpuMs), clientCredentials: phase(0.5), refresh: phase(1),
  memory: { rssAtStartBytes: 0, rssBytes: rssMB * 2 ** 20, heapUsedBytes: 0, heapTotalBytes: 0, externalBytes: 0 },
});

function report(ours: ServerFigures, baseline: ServerFigures | null, onStore: ServerFigures | null): BenchReport {
  return {
    startedAt: '', machine: { cpu: 'x', cores: 2, memoryGiB: 1, node: 'v20', platform: 'linux', loadAverageBefore: [0], loadAverageAfter: [0], othersCoresBusy: 0, loadGeneratorCpuSeconds: 0 },
    engine: 'sqlite', options: {}, ours: { ...ours, store: { people: 10_000, credentials: 10_000, sessions: 10_000, sessionsCopied: 0 } },
    baseline, baselineOnOurStore: onStore, profiles: null,
  };
}

describe('the bench report', () => {
  it('puts server CPU per sign-in as ratios to the bare provider on the same store and in memory, and judges the goals by them', () => {
    const measured = report(server(2.4), server(1.6), server(2.0));
    expect(cpuRatio(measured.ours, measured.baselineOnOurStore)).toBeCloseTo(1.2);
    expect(cpuRatio(measured.ours, measured.baseline)).toBeCloseTo(1.5);
    const goals = goalsOf(measured);
    expect(goals.map((g) => g.met)).toEqual([true, true, true, true, true, true]);
    expect(goalsOf(report(server(2.8, 160), server(1.6), server(2.0))).map((g) => g.met)).toEqual([false, false, true, true, true, false]);
  });

  it('says a ratio cannot be judged without its baseline, and counts every failed or skipped operation as an error', () => {
    const alone = report(server(2.4), null, null);
    expect(goalsOf(alone).slice(0, 2).map((g) => g.met)).toEqual([null, null]);
    alone.ours.refresh = { ...alone.ours.refresh, failed: 2, skipped: 1 };
    expect(errorsOf(alone)).toBe(3);
    expect(goalsOf(alone)[4]).toMatchObject({ met: false, value: '3' });
    const othersFailed = report(server(2.4), { ...server(1.6), peak: phase(1.6, { skipped: 5 }) }, server(2.0));
    expect(errorsOf(othersFailed)).toBe(0);
    expect(errorsOf(othersFailed, 'all')).toBe(5);
  });
});
