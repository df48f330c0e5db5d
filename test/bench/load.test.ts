import { closedLoop, openLoop, percentile } from '../../bench/load.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the bench load drivers', () => {
  it('takes percentiles by nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
  });

  it('closed loop: never more operations at once than the concurrency, and stops at the count', async () => {
    let running = 0;
    let most = 0;
    const result = await closedLoop(3, { durationMs: 10_000, maxCount: 12 }, async () => {
      most = Math.max(most, ++running);
      await pause(2);
      running -= 1;
      return { step: 1 };
    });
    expect(most).toBe(3);
    expect(result.completed).toBe(12);
    expect(result.samples[0]!.steps).toEqual({ step: 1 });
  });

  it('closed loop: records failures with their message and goes on', async () => {
    let calls = 0;
    const result = await closedLoop(1, { durationMs: 10_000, maxCount: 4 }, async () => {
      calls += 1;
      if (calls % 2 === 0) throw new Error('refused');
      return {};
    });
    expect(result).toMatchObject({ completed: 2, failed: 2, failures: ['refused'] });
  });

  it('open loop: starts at the rate asked whatever the operations take, and counts what it could not start', async () => {
    let offered = 0;
    const result = await openLoop(200, 100, { durationMs: 100 }, () => {
      offered += 1;
      if (offered % 4 === 0) return null;
      return async () => {
        await pause(30);
        return {};
      };
    });
    expect(offered).toBe(20);
    expect(result.skipped).toBe(5);
    expect(result.completed).toBe(15);
    // Fifteen operations of 30 ms each overlapped: one after another they would take 450 ms.
    expect(result.wallMs).toBeLessThan(300);
  });
});
