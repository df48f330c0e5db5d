/**
 * Rate limits kept in the store, so that every instance behind one store counts together.
 */
import { PublicError } from '../errors/publicError.js';
import type { RateLimits } from '../store/ports.js';

export interface Limit { max: number; windowSeconds: number }

/**
 * Refused for too many attempts. `retryAfterSeconds` is the length of the window that filled up:
 * the window opened at its first hit, so it has ended by then at the latest (HTTP Retry-After).
 */
export class RateLimitedError extends PublicError<'rate_limited'> {
  constructor(key: string, readonly retryAfterSeconds: number) {
    super('rate_limited', key);
  }
}

/** Counts one attempt under every key (the count is the store's, atomic), then refuses if any is over. */
export async function limitAttempts(rateLimits: RateLimits, keys: Array<[string, Limit]>): Promise<void> {
  for (const [key, { max, windowSeconds }] of keys) {
    const hits = await rateLimits.hit(key, windowSeconds);
    if (hits > max) throw new RateLimitedError(key, windowSeconds);
  }
}
