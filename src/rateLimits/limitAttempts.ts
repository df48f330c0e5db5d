/**
 * Rate limits kept in the store, so that every instance behind one store counts together.
 */
import { PublicError } from '../errors/publicError.js';
import type { RateLimits } from '../store/ports.js';

export interface Limit { max: number; windowSeconds: number }

export async function limitAttempts(rateLimits: RateLimits, keys: Array<[string, Limit]>): Promise<void> {
  for (const [key, { max, windowSeconds }] of keys) {
    const hits = await rateLimits.hit(key, windowSeconds);
    if (hits > max) throw new PublicError('rate_limited', key);
  }
}
