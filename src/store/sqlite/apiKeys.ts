import type Sqlite from 'better-sqlite3';
import type { ApiKey, ApiKeys, ApiKeyScope, NewApiKey } from '../ports.js';
import { refuseDuplicates, type Clock } from './errors.js';

interface ApiKeyRow {
  id: string;
  name: string;
  secret_hash: string;
  scope: ApiKeyScope;
  created_by: string | null;
  created_at: number;
  expires_at: number;
  last_used_at: number | null;
}

function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    secretHash: row.secret_hash,
    scope: row.scope,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
    lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at),
  };
}

export function createApiKeys(db: Sqlite.Database, now: Clock): ApiKeys {
  const columns = 'id, name, secret_hash, scope, created_by, created_at, expires_at, last_used_at';
  const insert = db.prepare(`INSERT INTO api_keys (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, NULL) RETURNING ${columns}`);
  const byId = db.prepare(`SELECT ${columns} FROM api_keys WHERE id = ? AND expires_at > ?`);
  const live = db.prepare(`SELECT ${columns} FROM api_keys WHERE expires_at > ? ORDER BY created_at, id`);
  const recordUse = db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM api_keys WHERE id = ?');

  return {
    async insert(key: NewApiKey) {
      const row = refuseDuplicates(() => insert.get(
        key.id, key.name, key.secretHash, key.scope, key.createdBy, now(), key.expiresAt.getTime(),
      ), { 'api_keys.id': 'API key' });
      return toApiKey(row as ApiKeyRow);
    },
    async findById(id) {
      const row = byId.get(id, now());
      return row ? toApiKey(row as ApiKeyRow) : null;
    },
    async list() {
      return (live.all(now()) as ApiKeyRow[]).map(toApiKey);
    },
    async recordUse(id, usedAt) {
      return recordUse.run(usedAt.getTime(), id).changes > 0;
    },
    async remove(id) {
      return remove.run(id).changes > 0;
    },
  };
}
