import type Sqlite from 'better-sqlite3';
import { normalizeEmail, type NewPerson, type People, type Person, type PersonChanges } from '../ports.js';
import { refuseDuplicates, type Clock } from './errors.js';

interface PersonRow {
  id: string;
  webauthn_user_id: string;
  email: string;
  email_verified: number;
  name: string | null;
  created_at: number;
}

const duplicates = {
  'people.email_normalized': 'email',
  'people.webauthn_user_id': 'webauthn user id',
  'people.id': 'person',
};

function toPerson(row: PersonRow): Person {
  return {
    id: row.id,
    webauthnUserId: row.webauthn_user_id,
    email: row.email,
    emailVerified: row.email_verified === 1,
    name: row.name,
    createdAt: new Date(row.created_at),
  };
}

export function createPeople(db: Sqlite.Database, now: Clock): People {
  const columns = 'id, webauthn_user_id, email, email_verified, name, created_at';
  const insert = db.prepare(
    `INSERT INTO people (id, webauthn_user_id, email, email_normalized, email_verified, name, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING ${columns}`,
  );
  const byId = db.prepare(`SELECT ${columns} FROM people WHERE id = ?`);
  const byEmail = db.prepare(`SELECT ${columns} FROM people WHERE email_normalized = ?`);
  const byUserId = db.prepare(`SELECT ${columns} FROM people WHERE webauthn_user_id = ?`);
  const all = db.prepare(`SELECT ${columns} FROM people ORDER BY created_at, id`);
  const count = db.prepare('SELECT COUNT(*) FROM people').pluck();
  // Their credentials go with them: the foreign key cascades (foreign_keys is on for every connection).
  const remove = db.prepare('DELETE FROM people WHERE id = ?');

  const one = (row: unknown) => (row ? toPerson(row as PersonRow) : null);

  return {
    async insert(person: NewPerson) {
      const row = refuseDuplicates(() => insert.get(
        person.id, person.webauthnUserId, person.email, normalizeEmail(person.email),
        person.emailVerified ? 1 : 0, person.name, now(),
      ), duplicates);
      return toPerson(row as PersonRow);
    },
    async findById(id) {
      return one(byId.get(id));
    },
    async findByEmail(email) {
      return one(byEmail.get(normalizeEmail(email)));
    },
    async findByWebauthnUserId(webauthnUserId) {
      return one(byUserId.get(webauthnUserId));
    },
    async update(id: string, changes: PersonChanges) {
      const sets: string[] = [];
      const values: unknown[] = [];
      if (changes.email !== undefined) {
        sets.push('email = ?', 'email_normalized = ?');
        values.push(changes.email, normalizeEmail(changes.email));
      }
      if (changes.emailVerified !== undefined) {
        sets.push('email_verified = ?');
        values.push(changes.emailVerified ? 1 : 0);
      }
      if (changes.name !== undefined) {
        sets.push('name = ?');
        values.push(changes.name);
      }
      if (sets.length === 0) return one(byId.get(id));
      const update = db.prepare(`UPDATE people SET ${sets.join(', ')} WHERE id = ? RETURNING ${columns}`);
      return one(refuseDuplicates(() => update.get(...values, id), duplicates));
    },
    async list() {
      return (all.all() as PersonRow[]).map(toPerson);
    },
    async count() {
      return count.get() as number;
    },
    async remove(id) {
      return remove.run(id).changes > 0;
    },
  };
}
