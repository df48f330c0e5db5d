import type Sqlite from 'better-sqlite3';
import type { Credential, CredentialUse, Credentials, NewCredential } from '../ports.js';
import { refuseDuplicates, type Clock } from './errors.js';

interface CredentialRow {
  id: string;
  person_id: string;
  public_key: Buffer;
  counter: number;
  transports: string;
  backup_eligible: number;
  backed_up: number;
  aaguid: string;
  name: string;
  created_in: string | null;
  created_at: number;
  last_used_at: number | null;
}

function toCredential(row: CredentialRow): Credential {
  return {
    id: row.id,
    personId: row.person_id,
    // A plain Uint8Array copy: callers compare and serialize it, and a Buffer would behave differently.
    publicKey: new Uint8Array(row.public_key),
    counter: row.counter,
    transports: JSON.parse(row.transports) as string[],
    backupEligible: row.backup_eligible === 1,
    backedUp: row.backed_up === 1,
    aaguid: row.aaguid,
    name: row.name,
    createdIn: row.created_in,
    createdAt: new Date(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at),
  };
}

export function createCredentials(db: Sqlite.Database, now: Clock): Credentials {
  const insert = db.prepare(
    `INSERT INTO credentials (id, person_id, public_key, counter, transports, backup_eligible, backed_up,
       aaguid, name, created_in, created_at, last_used_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL) RETURNING *`,
  );
  const byId = db.prepare('SELECT * FROM credentials WHERE id = ?');
  const byPerson = db.prepare('SELECT * FROM credentials WHERE person_id = ? ORDER BY created_at, id');
  const recordUse = prepareRecordUse(db);
  const rename = db.prepare('UPDATE credentials SET name = ? WHERE id = ? AND person_id = ?');
  const remove = db.prepare('DELETE FROM credentials WHERE id = ? AND person_id = ?');
  const count = db.prepare('SELECT COUNT(*) FROM credentials').pluck();

  return {
    async insert(credential: NewCredential) {
      const row = refuseDuplicates(() => insert.get(
        credential.id, credential.personId, Buffer.from(credential.publicKey), credential.counter,
        JSON.stringify(credential.transports), credential.backupEligible ? 1 : 0, credential.backedUp ? 1 : 0,
        credential.aaguid, credential.name, credential.createdIn, now(),
      ), { 'credentials.id': 'credential' });
      return toCredential(row as CredentialRow);
    },
    async findById(id) {
      const row = byId.get(id) as CredentialRow | undefined;
      return row ? toCredential(row) : null;
    },
    async listByPerson(personId) {
      return (byPerson.all(personId) as CredentialRow[]).map(toCredential);
    },
    async recordUse(id: string, use: CredentialUse) {
      return recordUse(id, use);
    },
    async rename(id, personId, name) {
      return rename.run(name, id, personId).changes === 1;
    },
    async remove(id, personId) {
      return remove.run(id, personId).changes === 1;
    },
    async count() {
      return count.get() as number;
    },
  };
}

/** A use recorded, synchronous so that a sign-in's transaction can include it (oidcRecords.ts). */
export function prepareRecordUse(db: Sqlite.Database): (id: string, use: CredentialUse) => boolean {
  // Compare-and-set in one statement: of two sign-ins that read the same counter, only one moves it.
  const recordUse = db.prepare(
    'UPDATE credentials SET counter = ?, backed_up = ?, last_used_at = ? WHERE id = ? AND counter = ?',
  );
  return (id, use) => recordUse.run(use.newCounter, use.backedUp ? 1 : 0, use.usedAt.getTime(), id, use.expectedCounter).changes === 1;
}
