/**
 * The guard of the last administrator on the Mongo engine. FerretDB v1 has no transaction spanning
 * two documents, and runs a filtered update as read, change, write back (claims.ts), so neither a
 * transaction nor a conditional `$inc` can count administrators. What it makes atomic is inserting
 * a document whose `_id` is taken. So the guard is a chain of versions: version n+1 is inserted
 * (its `_id` is n+1) only by whoever read version n, and of writers at once exactly one gets it;
 * the others read again and decide again. Every change of the guard is thus a compare-and-set.
 *
 * A version holds the administrators it counts (`ids`) and those being taken out (`leaving`). A
 * change that may end someone's administration first takes them out of the count, which the
 * guarded change (`reserve`) may only do while another stays counted, and only then writes the
 * person; `done` clears the leaving mark after.
 *
 * The rule that makes it safe: every id the guard counts is an active administrator in `people`.
 * Whatever ends an administration takes the id out BEFORE it writes the person (`reserve`, or
 * `leave` for writes that do not ask). A crash between the two leaves the guard counting one fewer
 * than there are, which can only refuse, never let the last one go. Whatever starts an
 * administration (a new administrator, an account enabled again) does not touch the guard: it
 * counts too few until a refusal recounts from `people` (`recount`), leaving out ids marked as
 * leaving; the recount is itself a version, based on the version read before `people`, so it
 * never puts back someone taken out meanwhile. A leaving mark older than ten minutes belongs to a
 * write that was cut off; the recount drops it, and counts the person again if still active.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';
import { isDuplicateKey, type Clock } from './errors.js';
import { collections } from './schema.js';

interface Leaving {
  token: string;
  id: string;
  at: Date;
}

interface GuardVersion {
  /** The version number as text: a version can be written once. */
  _id: string;
  n: number;
  ids: string[];
  leaving: Leaving[];
}

type GuardState = Pick<GuardVersion, 'ids' | 'leaving'>;

/** Longer than any request lives: a leaving mark this old was left by a write that was cut off. */
const ABANDONED_MS = 10 * 60_000;
/** Versions kept behind the newest (older ones are removed; nothing reads them). */
const KEPT_VERSIONS = 100;
/** Each round of writers at once has a winner; far more rounds than writers ever meet. */
const ROUNDS = 1000;

export interface AdministratorsGuard {
  /** Takes `id` out of the count unless no other is counted; the leaving mark's token, or null. */
  reserve(id: string): Promise<string | null>;
  /** Takes `id` out of the count whatever is left (for writes that do not ask). */
  leave(id: string): Promise<string>;
  /** The person is written: the leaving mark goes. */
  done(token: string): Promise<void>;
  /** Counts again from `people`: whether the guard changed (or another change came first). */
  recount(): Promise<boolean>;
}

export function createAdministratorsGuard(db: Db, now: Clock): AdministratorsGuard {
  const versions = db.collection<GuardVersion>(collections.administrators);
  const people = db.collection<{ _id: string; isAdmin?: boolean; disabledAt?: Date | null }>(collections.people);

  const latest = async (): Promise<GuardVersion> =>
    (await versions.find().sort({ n: -1 }).limit(1).next()) ?? { _id: '0', n: 0, ids: [], leaving: [] };

  /** Writes the version after `base`; false if another writer wrote it first. */
  const write = async (base: GuardVersion, next: GuardState): Promise<boolean> => {
    const n = base.n + 1;
    try {
      await versions.insertOne({ _id: String(n), n, ids: next.ids, leaving: next.leaving });
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
    if (n % KEPT_VERSIONS === 0) await versions.deleteMany({ n: { $lt: n - KEPT_VERSIONS } });
    return true;
  };

  /** Applies `change` to the newest version as one compare-and-set; false if `change` declines. */
  const advance = async (change: (state: GuardVersion) => GuardState | null): Promise<boolean> => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const base = await latest();
      const next = change(base);
      if (!next) return false;
      if (await write(base, next)) return true;
    }
    throw new Error('the administrators guard met too many writers at once');
  };

  const mark = (id: string): Leaving => ({ token: randomBytes(12).toString('hex'), id, at: new Date(now()) });

  return {
    async reserve(id) {
      const leaving = mark(id);
      const taken = await advance((state) => (state.ids.includes(id) && state.ids.length > 1
        ? { ids: state.ids.filter((counted) => counted !== id), leaving: [...state.leaving, leaving] }
        : null));
      return taken ? leaving.token : null;
    },
    async leave(id) {
      const leaving = mark(id);
      await advance((state) => ({ ids: state.ids.filter((counted) => counted !== id), leaving: [...state.leaving, leaving] }));
      return leaving.token;
    },
    async done(token) {
      await advance((state) => (state.leaving.some((leaving) => leaving.token === token)
        ? { ids: state.ids, leaving: state.leaving.filter((leaving) => leaving.token !== token) }
        : null));
    },
    async recount() {
      const base = await latest();
      const active = await people.find({ isAdmin: true, disabledAt: null }, { projection: { _id: 1 } }).toArray();
      const at = now();
      const kept = base.leaving.filter((leaving) => at - new Date(leaving.at).getTime() < ABANDONED_MS);
      const away = new Set(kept.map((leaving) => leaving.id));
      const ids = active.map((person) => person._id).filter((id) => !away.has(id)).sort();
      const counted = [...base.ids].sort();
      if (counted.length === ids.length && counted.every((id, i) => id === ids[i]) && kept.length === base.leaving.length) return false;
      await write(base, { ids, leaving: kept });
      return true;
    },
  };
}
