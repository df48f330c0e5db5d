import type { Db } from 'mongodb';
import { isDuplicateKey, type Clock } from './errors.js';
import { collections } from './schema.js';

interface ClaimDocument {
  _id: string;
  expiresAt?: Date;
}

export interface Claims {
  /**
   * Claims `key` for whoever asks first: true for exactly one of any number of concurrent
   * callers, false for the others and for everyone after, until the claim expires.
   */
  claim(key: string, expiresAt: Date | null): Promise<boolean>;
}

/**
 * Claims are how this engine makes "only one of us" decisions. FerretDB v1 runs every update
 * (findOneAndUpdate included) as read, change, write back, with nothing in between checking the
 * filter again: two writers filtering on `{ counter: 5 }` or `{ consumed: null }` both succeed.
 * What it does make atomic is inserting a document whose `_id` is taken (and deleting one: the
 * delete count is exact). MongoDB makes both atomic too, so one code path is correct on both.
 *
 * A claim that expires can be taken again: a claim left by a writer that failed half-way (the
 * store went away between claiming and updating) does not block the thing it names for ever.
 */
export function createClaims(db: Db, now: Clock): Claims {
  const claims = db.collection<ClaimDocument>(collections.claims);

  const insert = async (document: ClaimDocument) => {
    try {
      await claims.insertOne(document);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  };

  return {
    async claim(key, expiresAt) {
      const document: ClaimDocument = expiresAt ? { _id: key, expiresAt } : { _id: key };
      if (await insert(document)) return true;
      const held = await claims.findOne({ _id: key });
      if (!held?.expiresAt || held.expiresAt.getTime() > now()) return false;
      // Expired, not yet swept: remove exactly that claim (the delete count is exact), then race
      // for it like everyone else.
      await claims.deleteOne({ _id: key, expiresAt: held.expiresAt });
      return insert(document);
    },
  };
}
