import Database from 'better-sqlite3';
import type { Store } from '../ports.js';
import { createApiKeys } from './apiKeys.js';
import { createAppAccess } from './appAccess.js';
import { createAuditTrail } from './auditTrail.js';
import { createCeremonies } from './ceremonies.js';
import { createCredentials } from './credentials.js';
import type { Clock } from './errors.js';
import { createGroups } from './groups.js';
import { createInvitations } from './invitations.js';
import { createOidcRecords } from './oidcRecords.js';
import { createOutbox } from './outbox.js';
import { createPeople } from './people.js';
import { createRateLimits } from './rateLimits.js';
import { migrate } from './schema.js';
import { createSecrets } from './secrets.js';

export interface SqliteStoreOptions {
  /** A file path, or ':memory:' for a private in-memory database. */
  filename: string;
  now: Clock;
  /**
   * How long a write waits for another process's lock (the admin CLI writes while the server runs).
   * better-sqlite3 waits synchronously, stopping every other request meanwhile: keep it short, and
   * let a lock held longer become a 503 "try again" (src/store/failures.ts).
   */
  busyTimeoutMs?: number;
}

/**
 * The embedded engine: one SQLite file. WAL lets readers proceed while one process writes;
 * busy_timeout makes a second writer wait instead of failing at once.
 */
export function createSqliteStore({ filename, now, busyTimeoutMs = 250 }: SqliteStoreOptions): Store {
  const db = new Database(filename, { timeout: busyTimeoutMs });
  db.pragma(`busy_timeout = ${Math.floor(busyTimeoutMs)}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrate(db);

  const ping = db.prepare('SELECT 1').pluck();
  const sweeps = [
    db.prepare('DELETE FROM ceremonies WHERE expires_at <= ?'),
    db.prepare('DELETE FROM oidc_records WHERE expires_at IS NOT NULL AND expires_at <= ?'),
    db.prepare('DELETE FROM rate_limits WHERE expires_at <= ?'),
    db.prepare('DELETE FROM invitations WHERE expires_at <= ?'),
    db.prepare('DELETE FROM api_keys WHERE expires_at <= ?'),
  ];
  const sweep = db.transaction((at: number) => sweeps.forEach((statement) => statement.run(at)));

  return {
    engine: 'sqlite',
    apiKeys: createApiKeys(db, now),
    people: createPeople(db, now),
    groups: createGroups(db, now),
    invitations: createInvitations(db, now),
    appAccess: createAppAccess(db),
    credentials: createCredentials(db, now),
    ceremonies: createCeremonies(db, now),
    secrets: createSecrets(db),
    oidc: createOidcRecords(db, now),
    rateLimits: createRateLimits(db, now),
    audit: createAuditTrail(db),
    outbox: createOutbox(db),
    async ping() {
      ping.get();
    },
    async sweep() {
      sweep(now());
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
