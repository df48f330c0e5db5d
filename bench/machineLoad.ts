/**
 * How busy the machine was with other work while the bench ran: busy CPU time of the whole machine
 * (from /proc/stat, Linux) minus that of the bench's own processes, as an average number of cores.
 * Figures from a machine whose other users kept a core busy are worth less, and the report says so.
 */
import { readFileSync } from 'node:fs';

/** Busy (non-idle, non-iowait) CPU time of the machine in microseconds, or null off Linux. */
function machineBusyMicros(): number | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number) as number[];
    // /proc/stat counts in clock ticks, 100 per second on Linux.
    return ((user! + nice! + system! + irq! + softirq! + steal!) * 1_000_000) / 100;
  } catch {
    return null;
  }
}

export interface LoadWindow {
  /** `ownCpuMicros`: CPU the bench and its servers used meanwhile. Returns others' average cores busy. */
  othersCores(ownCpuMicros: number): number | null;
}

export function watchMachineLoad(): LoadWindow {
  const busyBefore = machineBusyMicros();
  const started = performance.now();
  return {
    othersCores(ownCpuMicros) {
      const busyAfter = machineBusyMicros();
      if (busyBefore === null || busyAfter === null) return null;
      const wallMicros = (performance.now() - started) * 1000;
      return Math.max(0, Number(((busyAfter - busyBefore - ownCpuMicros) / wallMicros).toFixed(2)));
    },
  };
}
