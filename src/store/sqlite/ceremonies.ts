import type Sqlite from 'better-sqlite3';
import type { Ceremonies, Ceremony } from '../ports.js';
import type { Clock } from './errors.js';

interface CeremonyRow {
  binding: string;
  purpose: string;
  challenge: string;
  person_id: string | null;
  state: string;
  expires_at: number;
}

function toCeremony(row: CeremonyRow): Ceremony {
  return {
    binding: row.binding,
    purpose: row.purpose,
    challenge: row.challenge,
    personId: row.person_id,
    state: JSON.parse(row.state) as Record<string, unknown>,
    expiresAt: new Date(row.expires_at),
  };
}

export function createCeremonies(db: Sqlite.Database, now: Clock): Ceremonies {
  const put = db.prepare(
    `INSERT INTO ceremonies (binding, purpose, challenge, person_id, state, expires_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (binding, purpose) DO UPDATE SET challenge = excluded.challenge, person_id = excluded.person_id,
       state = excluded.state, expires_at = excluded.expires_at`,
  );
  const find = db.prepare('SELECT * FROM ceremonies WHERE binding = ? AND purpose = ? AND expires_at > ?');
  // One statement removes and returns: two takers cannot both see the row. An expired row is removed
  // too (it is useless) but not handed out.
  const take = db.prepare('DELETE FROM ceremonies WHERE binding = ? AND purpose = ? RETURNING *');

  return {
    async put(ceremony) {
      put.run(
        ceremony.binding, ceremony.purpose, ceremony.challenge, ceremony.personId,
        JSON.stringify(ceremony.state), ceremony.expiresAt.getTime(),
      );
    },
    async find(binding, purpose) {
      const row = find.get(binding, purpose, now()) as CeremonyRow | undefined;
      return row ? toCeremony(row) : null;
    },
    async take(binding, purpose) {
      const row = take.get(binding, purpose) as CeremonyRow | undefined;
      return row && row.expires_at > now() ? toCeremony(row) : null;
    },
  };
}
