import type Sqlite from 'better-sqlite3';
import type { RateLimits } from '../ports.js';
import type { Clock } from './errors.js';

/**
 * Fixed windows that open at a key's first hit. One upsert counts the hit and starts a new window
 * when the old one has ended, so concurrent hits (from several processes) are never lost.
 */
export function createRateLimits(db: Sqlite.Database, now: Clock): RateLimits {
  const hit = prepareHit(db, now);
  return {
    async hit(key, windowSeconds) {
      return hit(key, windowSeconds);
    },
  };
}

/** One hit, synchronous so that another write's transaction can include it (oidcRecords.ts). */
export function prepareHit(db: Sqlite.Database, now: Clock): (key: string, windowSeconds: number) => number {
  const hit = db.prepare(
    `INSERT INTO rate_limits (key, hits, expires_at) VALUES (@key, 1, @ends)
     ON CONFLICT (key) DO UPDATE SET
       hits = CASE WHEN rate_limits.expires_at <= @now THEN 1 ELSE rate_limits.hits + 1 END,
       expires_at = CASE WHEN rate_limits.expires_at <= @now THEN @ends ELSE rate_limits.expires_at END
     RETURNING hits`,
  ).pluck();

  return (key, windowSeconds) => {
    const at = now();
    return hit.get({ key, now: at, ends: at + windowSeconds * 1000 }) as number;
  };
}
