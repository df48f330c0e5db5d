import type Sqlite from 'better-sqlite3';
import type { CustomClaims, Group, GroupChanges, Groups, NewGroup } from '../ports.js';
import { refuseDuplicates, type Clock } from './errors.js';

interface GroupRow {
  id: string;
  name: string;
  description: string | null;
  is_default: number;
  claims: string;
  created_at: number;
}

const duplicates = { 'groups.name': 'group name', 'groups.id': 'group' };

function toGroup(row: GroupRow): Group {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    isDefault: row.is_default === 1,
    claims: JSON.parse(row.claims) as CustomClaims,
    createdAt: new Date(row.created_at),
  };
}

export function createGroups(db: Sqlite.Database, now: Clock): Groups {
  const columns = 'id, name, description, is_default, claims, created_at';
  const insert = db.prepare(
    `INSERT INTO groups (${columns}) VALUES (?, ?, ?, ?, ?, ?) RETURNING ${columns}`,
  );
  const byId = db.prepare(`SELECT ${columns} FROM groups WHERE id = ?`);
  const byName = db.prepare(`SELECT ${columns} FROM groups WHERE name = ?`);
  const all = db.prepare(`SELECT ${columns} FROM groups ORDER BY name`);
  // Memberships go with the group: the foreign key cascades.
  const remove = db.prepare('DELETE FROM groups WHERE id = ?');
  const addMember = db.prepare('INSERT OR IGNORE INTO group_members (group_id, person_id, joined_at) VALUES (?, ?, ?)');
  const removeMember = db.prepare('DELETE FROM group_members WHERE group_id = ? AND person_id = ?');
  const members = db.prepare('SELECT person_id FROM group_members WHERE group_id = ? ORDER BY joined_at, person_id').pluck();
  const byPerson = db.prepare(
    `SELECT ${columns.split(', ').map((column) => `g.${column}`).join(', ')} FROM groups g
     JOIN group_members m ON m.group_id = g.id WHERE m.person_id = ? ORDER BY g.name`,
  );

  const one = (row: unknown) => (row ? toGroup(row as GroupRow) : null);

  return {
    async insert(group: NewGroup) {
      const row = refuseDuplicates(() => insert.get(
        group.id, group.name, group.description, group.isDefault ? 1 : 0, JSON.stringify(group.claims ?? {}), now(),
      ), duplicates);
      return toGroup(row as GroupRow);
    },
    async findById(id) {
      return one(byId.get(id));
    },
    async findByName(name) {
      return one(byName.get(name));
    },
    async list() {
      return (all.all() as GroupRow[]).map(toGroup);
    },
    async update(id: string, changes: GroupChanges) {
      const sets: string[] = [];
      const values: unknown[] = [];
      if (changes.description !== undefined) {
        sets.push('description = ?');
        values.push(changes.description);
      }
      if (changes.isDefault !== undefined) {
        sets.push('is_default = ?');
        values.push(changes.isDefault ? 1 : 0);
      }
      if (changes.claims !== undefined) {
        sets.push('claims = ?');
        values.push(JSON.stringify(changes.claims));
      }
      if (sets.length === 0) return one(byId.get(id));
      return one(db.prepare(`UPDATE groups SET ${sets.join(', ')} WHERE id = ? RETURNING ${columns}`).get(...values, id));
    },
    async remove(id) {
      return remove.run(id).changes > 0;
    },
    async addMember(groupId, personId) {
      return addMember.run(groupId, personId, now()).changes > 0;
    },
    async removeMember(groupId, personId) {
      return removeMember.run(groupId, personId).changes > 0;
    },
    async listMembers(groupId) {
      return members.all(groupId) as string[];
    },
    async listByPerson(personId) {
      return (byPerson.all(personId) as GroupRow[]).map(toGroup);
    },
  };
}
