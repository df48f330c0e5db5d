import type { Logger } from '../../log.js';
import type { Store } from '../ports.js';
import { createApiKeys } from './apiKeys.js';
import { createAppAccess } from './appAccess.js';
import { createAuditTrail } from './auditTrail.js';
import { createCeremonies } from './ceremonies.js';
import { createClaims } from './claims.js';
import { connect, databaseName } from './connect.js';
import { createCredentials } from './credentials.js';
import type { Clock } from './errors.js';
import { createGroups } from './groups.js';
import { createInvitations } from './invitations.js';
import { createOidcRecords } from './oidcRecords.js';
import { createOutbox } from './outbox.js';
import { createPeople } from './people.js';
import { createRateLimits } from './rateLimits.js';
import { expiring, prepareCollections } from './schema.js';
import { createSecrets } from './secrets.js';

export interface MongoStoreOptions {
  /** `mongodb://...` or `mongodb+srv://...`; the path names the database (default `idp`). */
  url: string;
  now: Clock;
  log?: Logger;
}

/**
 * The server engine: one MongoDB database (or a MongoDB-compatible server such as FerretDB),
 * shared by every instance. It keeps to what both have: CRUD and unique indexes. No transactions,
 * no change streams, no update pipelines, and no reliance on a filtered update being atomic
 * (FerretDB v1's are not): "only one of us" decisions are inserts of a unique `_id` (claims.ts)
 * or deletes, whose counts are exact everywhere.
 */
export async function createMongoStore({ url, now, log }: MongoStoreOptions): Promise<Store> {
  const client = await connect(url);
  const name = databaseName(url);
  const db = client.db(name);
  let schema;
  try {
    schema = await prepareCollections(db);
  } catch (error) {
    await client.close();
    throw error;
  }
  if (!schema.ttl) log?.info('store.ttl_unsupported', { detail: 'the server refused TTL indexes; the periodic sweep removes expired records' });

  const claims = createClaims(db, now);
  const audit = createAuditTrail(db);
  const rateLimits = createRateLimits(db, now);
  const credentials = createCredentials(db, now, claims);
  const expiringCollections = expiring.map((name) => db.collection(name));

  return {
    engine: 'mongo',
    apiKeys: createApiKeys(db, now),
    people: createPeople(db, now),
    groups: createGroups(db, now),
    invitations: createInvitations(db, now),
    appAccess: createAppAccess(db),
    credentials,
    ceremonies: createCeremonies(db, now),
    secrets: createSecrets(db),
    oidc: createOidcRecords(db, now, claims, { audit, rateLimits, credentials }),
    rateLimits,
    audit,
    outbox: createOutbox(db),
    async ping() {
      await db.command({ ping: 1 });
    },
    async sweep() {
      // Runs even where TTL indexes exist: they go by the server's clock and check about once a
      // minute, while expiry is defined by ours. Cheap: `expiresAt` is indexed.
      const expired = { expiresAt: { $lte: new Date(now()) } };
      for (const collection of expiringCollections) await collection.deleteMany(expired);
    },
    async close() {
      await client.close();
    },
  };
}
