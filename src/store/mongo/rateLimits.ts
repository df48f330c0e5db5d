import type { Db } from 'mongodb';
import { StoreUnavailableError } from '../failures.js';
import type { RateLimits } from '../ports.js';
import { isDuplicateKey, type Clock } from './errors.js';
import { collections } from './schema.js';

/** One hit: slot `n` of window number `window` of `key`. */
interface HitDocument {
  /** `key#window:n`: a slot can be taken once. */
  _id: string;
  key: string;
  window: number;
  n: number;
  /** When the window ends; every slot of a window carries it. */
  expiresAt: Date;
}

/**
 * Fixed windows that open at a key's first hit. A counter updated with $inc would lose hits on
 * FerretDB v1 (its updates are read, change, write back), so every hit claims a numbered slot
 * instead, by inserting it: of concurrent hits each gets its own number, none is lost and none
 * counted twice, however many instances hit at once. Slots 1..n of a window are always all taken,
 * so n is the count. A hit after the window has ended opens the next window by taking its slot 1.
 */
export function createRateLimits(db: Db, now: Clock): RateLimits {
  const hits = db.collection<HitDocument>(collections.rateLimits);

  const take = async (slot: Omit<HitDocument, '_id'>) => {
    try {
      await hits.insertOne({ _id: `${slot.key}#${slot.window}:${slot.n}`, ...slot });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  };

  return {
    async hit(key, windowSeconds) {
      for (let attempt = 0; attempt < 100; attempt += 1) {
        const at = now();
        const latest = await hits.findOne({ key }, { sort: { window: -1 } });
        if (!latest || latest.expiresAt.getTime() <= at) {
          // Numbered after the newest window still stored, so no leftover slot can belong to it.
          const window = (latest?.window ?? 0) + 1;
          if (await take({ key, window, n: 1, expiresAt: new Date(at + windowSeconds * 1000) })) return 1;
          continue; // another hit opened it first
        }
        const { window, expiresAt } = latest;
        const counted = await hits.countDocuments({ key, window });
        // Slots taken since the count are skipped one by one; a long run of them means heavy
        // traffic on this key, and counting again is quicker.
        for (let n = counted + 1; n <= counted + 20; n += 1) {
          if (await take({ key, window, n, expiresAt })) return n;
        }
      }
      // Only reachable under pathological contention: "try again" is the honest answer.
      throw new StoreUnavailableError(`rate limit ${key}: too much contention to count a hit`);
    },
  };
}
