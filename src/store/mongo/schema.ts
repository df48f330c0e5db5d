import type { Collection, CreateIndexesOptions, Db, IndexSpecification } from 'mongodb';

export const collections = {
  people: 'people',
  credentials: 'credentials',
  ceremonies: 'ceremonies',
  secrets: 'secrets',
  oidcRecords: 'oidc_records',
  rateLimits: 'rate_limits',
  claims: 'claims',
  groups: 'groups',
  groupMembers: 'group_members',
  invitations: 'invitations',
  appAccess: 'app_access',
  apiKeys: 'api_keys',
  auditEvents: 'audit_events',
  outboxMails: 'outbox_mails',
  outboxClaims: 'outbox_claims',
  administrators: 'administrators',
} as const;

/** Collections whose documents carry `expiresAt` (a Date) and are removed once it has passed. */
export const expiring = [collections.ceremonies, collections.oidcRecords, collections.rateLimits, collections.claims, collections.invitations, collections.apiKeys];

const indexes: Array<[collection: string, key: IndexSpecification, options?: CreateIndexesOptions]> = [
  // The credential id is `_id`: unique across all people, compared byte for byte.
  [collections.people, { emailNormalized: 1 }, { unique: true }],
  [collections.people, { webauthnUserId: 1 }, { unique: true }],
  [collections.credentials, { personId: 1 }],
  [collections.oidcRecords, { model: 1, uid: 1 }],
  [collections.oidcRecords, { model: 1, userCode: 1 }],
  [collections.oidcRecords, { grantId: 1 }],
  [collections.oidcRecords, { model: 1, accountId: 1 }],
  [collections.rateLimits, { key: 1, window: -1 }],
  [collections.groups, { name: 1 }, { unique: true }],
  [collections.groupMembers, { personId: 1 }],
  [collections.groupMembers, { groupId: 1 }],
  [collections.invitations, { tokenHash: 1 }, { unique: true }],
  [collections.auditEvents, { personId: 1, _id: -1 }],
  [collections.auditEvents, { email: 1, _id: -1 }],
  [collections.auditEvents, { at: 1 }],
  [collections.outboxMails, { state: 1, dueAt: 1 }],
  [collections.outboxMails, { createdAt: -1 }],
  [collections.outboxClaims, { mailId: 1 }],
  // The guard's newest version is read at every change that may end an administration.
  [collections.administrators, { n: -1 }],
];

export interface Schema {
  /** Whether the server removes expired documents itself (TTL indexes). */
  ttl: boolean;
}

/**
 * Creates the collections and their indexes. createIndex is idempotent, so this runs at every
 * start and on every instance. Expiry indexes are TTL indexes where the server has them; FerretDB
 * answers "not implemented" to `expireAfterSeconds`, and there a plain index serves the periodic
 * sweep instead. Either way reads check `expiresAt`, so nothing expired is ever returned.
 * Sequential on purpose: some servers lock a new database while creating its first collection.
 */
export async function prepareCollections(db: Db): Promise<Schema> {
  for (const [name, key, options] of indexes) {
    await db.collection(name).createIndex(key, options ?? {});
  }
  let ttl = true;
  for (const name of expiring) {
    ttl = await createExpiryIndex(db.collection(name), ttl);
  }
  await moveSessionActivity(db);
  return { ttl };
}

/**
 * A browser session's activity used to be a record of its own (model AccountSessionActivity, keyed
 * by the session's uid); it now lives on the Session record. Moves what an older version left, at
 * every start (nothing to do once moved), one record at a time so that no instance loses any.
 */
async function moveSessionActivity(db: Db): Promise<void> {
  const records = db.collection<{ _id: string; id: string; model: string; payload: string; uid?: string }>(collections.oidcRecords);
  for await (const seen of records.find({ model: 'AccountSessionActivity' })) {
    const payload = JSON.parse(seen.payload) as { browser?: unknown; lastActiveAt?: unknown };
    if (typeof payload.lastActiveAt === 'number') {
      const activity = { browser: typeof payload.browser === 'string' ? payload.browser : null, lastActiveAt: payload.lastActiveAt };
      await records.updateOne({ model: 'Session', uid: seen.id }, { $set: { activity } });
    }
    await records.deleteOne({ _id: seen._id });
  }
}

async function createExpiryIndex(collection: Collection, tryTtl: boolean): Promise<boolean> {
  if (tryTtl) {
    try {
      await collection.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
      return true;
    } catch (error) {
      if (!isNotImplemented(error)) throw error;
    }
  }
  await collection.createIndex({ expiresAt: 1 });
  return false;
}

/** Error 238 NotImplemented: FerretDB's answer to index options it lacks. */
function isNotImplemented(error: unknown): boolean {
  const { code, codeName } = error as { code?: unknown; codeName?: unknown };
  return code === 238 || codeName === 'NotImplemented';
}
