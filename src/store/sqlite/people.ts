import type Sqlite from 'better-sqlite3';
import {
  isActiveAdministrator, normalizeEmail, type AdministrationChanges, type CustomClaims, type NewPerson, type People, type Person, type PersonChanges,
} from '../ports.js';
import { refuseDuplicates, type Clock } from './errors.js';

interface PersonRow {
  id: string;
  webauthn_user_id: string;
  email: string;
  email_verified: number;
  name: string | null;
  is_admin: number;
  disabled_at: number | null;
  given_name: string | null;
  family_name: string | null;
  preferred_username: string | null;
  picture: string | null;
  locale: string | null;
  claims: string;
  created_at: number;
  updated_at: number | null;
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
    givenName: row.given_name,
    familyName: row.family_name,
    preferredUsername: row.preferred_username,
    picture: row.picture,
    locale: row.locale,
    isAdmin: row.is_admin === 1,
    disabledAt: row.disabled_at === null ? null : new Date(row.disabled_at),
    claims: JSON.parse(row.claims) as CustomClaims,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at ?? row.created_at),
  };
}

/** Column of each plain change (null or text); email, booleans, dates and claims are mapped by hand. */
const textColumns = {
  name: 'name', givenName: 'given_name', familyName: 'family_name', preferredUsername: 'preferred_username',
  picture: 'picture', locale: 'locale',
} as const satisfies Partial<Record<keyof PersonChanges, string>>;

/** Changes to what apps receive about a person move `updated_at`; admin flags and disabling do not. */
const claimChanges: Array<keyof PersonChanges> = ['email', 'emailVerified', 'claims', ...Object.keys(textColumns) as Array<keyof PersonChanges>];

export function createPeople(db: Sqlite.Database, now: Clock): People {
  const columns = `id, webauthn_user_id, email, email_verified, name, is_admin, disabled_at, given_name, family_name,
    preferred_username, picture, locale, claims, created_at, updated_at`;
  const insert = db.prepare(
    `INSERT INTO people (id, webauthn_user_id, email, email_normalized, email_verified, name, is_admin, given_name,
       family_name, preferred_username, picture, locale, claims, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${columns}`,
  );
  const byId = db.prepare(`SELECT ${columns} FROM people WHERE id = ?`);
  const byEmail = db.prepare(`SELECT ${columns} FROM people WHERE email_normalized = ?`);
  const byUserId = db.prepare(`SELECT ${columns} FROM people WHERE webauthn_user_id = ?`);
  const all = db.prepare(`SELECT ${columns} FROM people ORDER BY created_at, id`);
  const count = db.prepare('SELECT COUNT(*) FROM people').pluck();
  // Their credentials and memberships go with them: the foreign keys cascade (foreign_keys is on).
  const remove = db.prepare('DELETE FROM people WHERE id = ?');

  const one = (row: unknown) => (row ? toPerson(row as PersonRow) : null);
  const anotherActiveAdministrator = db.prepare(
    'SELECT EXISTS (SELECT 1 FROM people WHERE id <> ? AND is_admin = 1 AND disabled_at IS NULL)',
  ).pluck();
  // One transaction, begun IMMEDIATE so that it holds the write lock from its first read: no other
  // connection (another instance, or `idp`) can write between the count and the change.
  const updateUnlessLast = db.transaction((id: string, changes: AdministrationChanges): Person | null | 'last_administrator' => {
    const before = one(byId.get(id));
    if (!before) return null;
    const after = { isAdmin: changes.isAdmin ?? before.isAdmin, disabledAt: changes.disabledAt === undefined ? before.disabledAt : changes.disabledAt };
    if (isActiveAdministrator(before) && !isActiveAdministrator(after) && anotherActiveAdministrator.get(id) !== 1) return 'last_administrator';
    return update(id, changes);
  });

  return {
    async insert(person: NewPerson) {
      const at = now();
      const row = refuseDuplicates(() => insert.get(
        person.id, person.webauthnUserId, person.email, normalizeEmail(person.email),
        person.emailVerified ? 1 : 0, person.name, person.isAdmin ? 1 : 0, person.givenName ?? null,
        person.familyName ?? null, person.preferredUsername ?? null, person.picture ?? null, person.locale ?? null,
        JSON.stringify(person.claims ?? {}), at, at,
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
      return update(id, changes);
    },
    async updateUnlessLastAdministrator(id: string, changes: AdministrationChanges) {
      return updateUnlessLast.immediate(id, changes);
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

  function update(id: string, changes: PersonChanges): Person | null {
    const sets: string[] = [];
    const values: unknown[] = [];
    const set = (column: string, value: unknown) => {
      sets.push(`${column} = ?`);
      values.push(value);
    };
    if (changes.email !== undefined) {
      set('email', changes.email);
      set('email_normalized', normalizeEmail(changes.email));
    }
    if (changes.emailVerified !== undefined) set('email_verified', changes.emailVerified ? 1 : 0);
    for (const [key, column] of Object.entries(textColumns)) {
      const value = changes[key as keyof typeof textColumns];
      if (value !== undefined) set(column, value);
    }
    if (changes.isAdmin !== undefined) set('is_admin', changes.isAdmin ? 1 : 0);
    if (changes.disabledAt !== undefined) set('disabled_at', changes.disabledAt?.getTime() ?? null);
    if (changes.claims !== undefined) set('claims', JSON.stringify(changes.claims));
    if (claimChanges.some((key) => changes[key] !== undefined)) set('updated_at', now());
    if (sets.length === 0) return one(byId.get(id));
    const statement = db.prepare(`UPDATE people SET ${sets.join(', ')} WHERE id = ? RETURNING ${columns}`);
    return one(refuseDuplicates(() => statement.get(...values, id), duplicates));
  }
}
