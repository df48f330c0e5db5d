import type Sqlite from 'better-sqlite3';
import { normalizeEmail, type AuditEvent, type AuditTrail, type JsonValue } from '../ports.js';
import { refuseDuplicates } from './errors.js';

interface AuditRow {
  id: string;
  at: number;
  type: string;
  person_id: string | null;
  email: string | null;
  client_id: string | null;
  ip: string | null;
  browser: string | null;
  actor: string | null;
  detail: string;
}

const columns = 'id, at, type, person_id, email, client_id, ip, browser, actor, detail';

function toEvent(row: AuditRow): AuditEvent {
  return {
    id: row.id,
    at: new Date(row.at),
    type: row.type,
    personId: row.person_id,
    email: row.email,
    clientId: row.client_id,
    ip: row.ip,
    browser: row.browser,
    actor: row.actor,
    detail: JSON.parse(row.detail) as Record<string, JsonValue>,
  };
}

/** The insert of one event, synchronous so that another write's transaction can include it (oidcRecords.ts). */
export function prepareAuditInsert(db: Sqlite.Database): (event: AuditEvent) => void {
  const insert = db.prepare(`INSERT INTO audit_events (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  return (event) => {
    refuseDuplicates(() => insert.run(
      event.id, event.at.getTime(), event.type, event.personId, event.email === null ? null : normalizeEmail(event.email),
      event.clientId, event.ip, event.browser, event.actor, JSON.stringify(event.detail),
    ), { 'audit_events.id': 'audit event' });
  };
}

export function createAuditTrail(db: Sqlite.Database): AuditTrail {
  const insert = prepareAuditInsert(db);
  const removeBefore = db.prepare('DELETE FROM audit_events WHERE at < ?');
  // A list's statement depends only on which filters it has: each shape is prepared once.
  const lists = new Map<string, Sqlite.Statement>();

  return {
    async insert(event) {
      insert(event);
    },
    async list(filter) {
      const where: string[] = [];
      const values: unknown[] = [];
      const equal = (column: string, value: string | null | undefined) => {
        if (value === undefined) return;
        where.push(`${column} IS ?`);
        values.push(value);
      };
      equal('person_id', filter.personId);
      equal('email', filter.email === undefined ? undefined : normalizeEmail(filter.email));
      equal('ip', filter.ip);
      equal('browser', filter.browser);
      if (filter.types) {
        where.push(`type IN (${filter.types.map(() => '?').join(', ') || 'NULL'})`);
        values.push(...filter.types);
      }
      if (filter.since) {
        where.push('at >= ?');
        values.push(filter.since.getTime());
      }
      const sql = `SELECT ${columns} FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
      let statement = lists.get(sql);
      if (!statement) {
        statement = db.prepare(sql);
        lists.set(sql, statement);
      }
      return (statement.all(...values, filter.limit) as AuditRow[]).map(toEvent);
    },
    async removeBefore(before) {
      return removeBefore.run(before.getTime()).changes;
    },
  };
}
