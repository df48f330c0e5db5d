import type Sqlite from 'better-sqlite3';
import type { AppAccess, AppAccessRules } from '../ports.js';

interface AppAccessRow {
  client_id: string;
  allowed_group_ids: string | null;
  claims: string;
}

function toAppAccess(row: AppAccessRow): AppAccess {
  return {
    clientId: row.client_id,
    allowedGroupIds: row.allowed_group_ids === null ? null : JSON.parse(row.allowed_group_ids) as string[],
    claims: JSON.parse(row.claims) as string[],
  };
}

export function createAppAccess(db: Sqlite.Database): AppAccessRules {
  const byId = db.prepare('SELECT client_id, allowed_group_ids, claims FROM app_access WHERE client_id = ?');
  const put = db.prepare(
    `INSERT INTO app_access (client_id, allowed_group_ids, claims) VALUES (?, ?, ?)
     ON CONFLICT (client_id) DO UPDATE SET allowed_group_ids = excluded.allowed_group_ids, claims = excluded.claims`,
  );
  const remove = db.prepare('DELETE FROM app_access WHERE client_id = ?');
  const all = db.prepare('SELECT client_id, allowed_group_ids, claims FROM app_access ORDER BY client_id');

  return {
    async find(clientId) {
      const row = byId.get(clientId);
      return row ? toAppAccess(row as AppAccessRow) : null;
    },
    async put(access) {
      put.run(access.clientId, access.allowedGroupIds === null ? null : JSON.stringify(access.allowedGroupIds), JSON.stringify(access.claims));
    },
    async remove(clientId) {
      return remove.run(clientId).changes > 0;
    },
    async list() {
      return (all.all() as AppAccessRow[]).map(toAppAccess);
    },
  };
}
