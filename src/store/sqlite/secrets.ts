import type Sqlite from 'better-sqlite3';
import type { Secrets } from '../ports.js';

export function createSecrets(db: Sqlite.Database): Secrets {
  const find = db.prepare('SELECT value FROM secrets WHERE name = ?').pluck();
  // The first writer wins; everyone (including the losers) then reads back what won.
  const insert = db.prepare('INSERT INTO secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING');

  const read = (name: string) => {
    const value = find.get(name) as string | undefined;
    return value === undefined ? null : (JSON.parse(value) as unknown);
  };

  return {
    async find(name) {
      return read(name);
    },
    async putIfAbsent(name, value) {
      insert.run(name, JSON.stringify(value));
      return read(name);
    },
  };
}
