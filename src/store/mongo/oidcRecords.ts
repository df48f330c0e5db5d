import type { Db, Filter, UpdateFilter } from 'mongodb';
import type { AuditTrail, Credentials, OidcPayload, OidcRecords, RateLimits, SessionActivity } from '../ports.js';
import type { Claims } from './claims.js';
import { isDuplicateKey, type Clock } from './errors.js';
import { collections } from './schema.js';

interface RecordDocument {
  /** `model:id` (model names hold no colon). */
  _id: string;
  model: string;
  id: string;
  /** The payload whole, as JSON text: claim names may hold '.', which FerretDB refuses as a field name. */
  payload: string;
  uid?: string;
  userCode?: string;
  grantId?: string;
  accountId?: string;
  /** Seconds since the epoch, as oidc-provider writes it. Absent until consumed. */
  consumed?: number;
  /** Absent: never expires (Clients). */
  expiresAt?: Date;
  /** An Interaction's sign-in ceremony; absent once used. */
  ceremony?: { challenge: string; allowCredentialIds: string[]; expiresAt: Date };
  /** A Session's activity. */
  activity?: SessionActivity;
}

/** The fields records are looked up by, copied out of the payload into indexed fields. */
const lookups = ['uid', 'userCode', 'grantId', 'accountId'] as const;

function toPayload(document: RecordDocument): OidcPayload {
  const payload = JSON.parse(document.payload) as OidcPayload;
  return typeof document.consumed === 'number' ? { ...payload, consumed: document.consumed } : payload;
}

/**
 * The records behind oidc-provider's models. Consuming is decided by a claim (claims.ts): of two
 * concurrent consumers exactly one wins, on MongoDB and FerretDB alike. The winner then marks
 * the record, in its own `consumed` field, which later upserts keep ($min never unsets it): a
 * code cannot be made fresh again, and should that mark ever be lost the claim still refuses a
 * second consumer. Every read leaves out records past `expiresAt`, swept or not.
 * An Interaction's sign-in ceremony is used up the same way: a claim on its challenge decides the
 * one winner, which then removes it (and saves the interaction's payload in that update).
 * Without transactions, what the SQLite engine writes in one transaction with a record is written
 * here in order, by the same call: a rate limit's hit before the record it may refuse, and a
 * sign-in's passkey use before the interaction is saved and its audit event after.
 */
export function createOidcRecords(db: Db, now: Clock, claims: Claims, others: { audit: AuditTrail; rateLimits: RateLimits; credentials: Credentials }): OidcRecords {
  const records = db.collection<RecordDocument>(collections.oidcRecords);
  const keyOf = (model: string, id: string) => `${model}:${id}`;
  const live = (): Filter<RecordDocument> => ({
    $or: [{ expiresAt: { $exists: false } }, { expiresAt: { $gt: new Date(now()) } }],
  });
  const one = (document: RecordDocument | null) => (document ? toPayload(document) : null);

  return {
    async upsert(model, id, payload, expiresIn, extras = {}) {
      const { limit } = extras;
      if (limit && await others.rateLimits.hit(limit.key, limit.windowSeconds) > limit.max) return false;
      const set: Partial<RecordDocument> = { model, id, payload: JSON.stringify(payload) };
      const unset: Record<string, ''> = {};
      for (const field of lookups) {
        const value = payload[field];
        if (typeof value === 'string') set[field] = value;
        else unset[field] = '';
      }
      if (typeof expiresIn === 'number') set.expiresAt = new Date(now() + expiresIn * 1000);
      else unset.expiresAt = '';
      const update: UpdateFilter<RecordDocument> = { $set: set };
      if (Object.keys(unset).length > 0) update.$unset = unset;
      if (typeof payload.consumed === 'number') update.$min = { consumed: payload.consumed };
      if (extras.activity) set.activity = extras.activity;
      if (extras.ceremony) update.$setOnInsert = { ceremony: { ...extras.ceremony } };
      const write = () => records.updateOne({ _id: keyOf(model, id) }, update, { upsert: true });
      try {
        await write();
      } catch (error) {
        // Two upserts of a new id can race to insert it; the loser's update now finds the document.
        if (!isDuplicateKey(error)) throw error;
        await write();
      }
      return true;
    },
    async findCeremony(id) {
      const document = await records.findOne({ _id: keyOf('Interaction', id), ...live() }, { projection: { ceremony: 1 } });
      const ceremony = document?.ceremony;
      if (!ceremony || ceremony.expiresAt.getTime() <= now()) return null;
      return { challenge: ceremony.challenge, allowCredentialIds: ceremony.allowCredentialIds, expiresAt: ceremony.expiresAt };
    },
    async putCeremony(id, ceremony) {
      const result = await records.updateOne({ _id: keyOf('Interaction', id), ...live() }, { $set: { ceremony: { ...ceremony } } });
      return result.matchedCount === 1;
    },
    async useCeremony(id, challenge, save) {
      const key = keyOf('Interaction', id);
      const document = await records.findOne({ _id: key, ...live() }, { projection: { ceremony: 1 } });
      const ceremony = document?.ceremony;
      if (!ceremony || ceremony.challenge !== challenge || ceremony.expiresAt.getTime() <= now()) return null;
      // A challenge is random, so the claim names it alone; it lasts as long as the ceremony could.
      if (!(await claims.claim(`ceremony:${challenge}`, ceremony.expiresAt))) return null;
      const update: UpdateFilter<RecordDocument> = { $unset: { ceremony: '' } };
      const credentialUse = save?.credentialUse;
      const saved = !credentialUse || await others.credentials.recordUse(credentialUse.credentialId, credentialUse.use);
      if (save && saved) update.$set = { payload: JSON.stringify(save.payload), expiresAt: new Date(now() + save.expiresIn * 1000) };
      if ((await records.updateOne({ _id: key, 'ceremony.challenge': challenge }, update)).matchedCount !== 1) return null;
      if (!saved || !save?.audit) return { saved, auditFailure: null };
      try {
        await others.audit.insert(save.audit);
        return { saved, auditFailure: null };
      } catch (error) {
        return { saved, auditFailure: error as Error };
      }
    },
    async recordActivity(id, activity) {
      return (await records.updateOne({ _id: keyOf('Session', id), ...live() }, { $set: { activity } })).matchedCount === 1;
    },
    async find(model, id) {
      return one(await records.findOne({ _id: keyOf(model, id), ...live() }));
    },
    async findByUid(model, uid) {
      return one(await records.findOne({ model, uid, ...live() }));
    },
    async findByUserCode(model, userCode) {
      return one(await records.findOne({ model, userCode, ...live() }));
    },
    async consume(model, id) {
      const key = keyOf(model, id);
      const record = await records.findOne({ _id: key, ...live() });
      if (!record || typeof record.consumed === 'number') return false;
      // The claim lasts as long as the record: until then nobody else can consume it.
      if (!(await claims.claim(`consumed:${key}`, record.expiresAt ?? null))) return false;
      // Seconds since the epoch, as oidc-provider writes `consumed` itself.
      await records.updateOne({ _id: key }, { $set: { consumed: Math.floor(now() / 1000) } });
      return true;
    },
    async destroy(model, id) {
      await records.deleteOne({ _id: keyOf(model, id) });
    },
    async revokeByGrantId(grantId) {
      await records.deleteMany({ grantId });
    },
    async list(model, filter = {}) {
      const query: Filter<RecordDocument> = { model, ...live() };
      if (filter.accountId !== undefined) query.accountId = filter.accountId;
      const documents = await records.find(query).sort({ _id: 1 }).toArray();
      return documents.map((document) => ({ id: document.id, payload: toPayload(document), activity: document.activity ?? null }));
    },
    async destroyByAccount(model, accountId) {
      return (await records.deleteMany({ model, accountId, ...live() })).deletedCount;
    },
    async count(model) {
      return records.countDocuments({ model, ...live() });
    },
  };
}
