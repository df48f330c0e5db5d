/**
 * Durations as administrators type them: `30m`, `12h`, `7d` (and `2w`). At most 30 days: an
 * invitation is a standing way into the provider, and should not outlive the reason it was sent.
 */
import { AccessError } from './errors.js';

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };
export const MAX_DURATION_MS = 30 * UNITS.d!;

/** `maxMs` is the longest duration allowed (30 days unless the caller says otherwise). */
export function parseDuration(input: string, maxMs = MAX_DURATION_MS): number {
  const match = /^\s*(\d{1,4})\s*([mhdw])\s*$/.exec(input);
  const ms = match ? Number(match[1]) * UNITS[match[2]!]! : NaN;
  if (!(ms > 0) || ms > maxMs) throw new AccessError('duration_invalid', `duration ${JSON.stringify(input)}`);
  return ms;
}
