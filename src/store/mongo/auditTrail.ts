import type { Db, Filter } from 'mongodb';
import { normalizeEmail, type AuditEvent, type AuditTrail, type JsonValue } from '../ports.js';
import { refuseDuplicates } from './errors.js';
import { collections } from './schema.js';

interface AuditDocument {
  _id: string;
  at: Date;
  type: string;
  personId: string | null;
  email: string | null;
  clientId: string | null;
  ip: string | null;
  browser: string | null;
  actor: string | null;
  /** Kept as JSON text: detail keys are not field names the server has to accept. */
  detail: string;
}

function toEvent(document: AuditDocument): AuditEvent {
  return {
    id: document._id,
    at: document.at,
    type: document.type,
    personId: document.personId,
    email: document.email,
    clientId: document.clientId,
    ip: document.ip,
    browser: document.browser,
    actor: document.actor,
    detail: JSON.parse(document.detail) as Record<string, JsonValue>,
  };
}

export function createAuditTrail(db: Db): AuditTrail {
  const events = db.collection<AuditDocument>(collections.auditEvents);

  return {
    async insert(event) {
      const document: AuditDocument = {
        _id: event.id,
        at: event.at,
        type: event.type,
        personId: event.personId,
        email: event.email === null ? null : normalizeEmail(event.email),
        clientId: event.clientId,
        ip: event.ip,
        browser: event.browser,
        actor: event.actor,
        detail: JSON.stringify(event.detail),
      };
      await refuseDuplicates(() => events.insertOne(document), { _id: 'audit event' }, 'audit event');
    },
    async list(filter) {
      const query: Filter<AuditDocument> = {};
      if (filter.personId !== undefined) query.personId = filter.personId;
      if (filter.email !== undefined) query.email = normalizeEmail(filter.email);
      if (filter.ip !== undefined) query.ip = filter.ip;
      if (filter.browser !== undefined) query.browser = filter.browser;
      if (filter.types) query.type = { $in: filter.types };
      if (filter.since) query.at = { $gte: filter.since };
      return (await events.find(query).sort({ _id: -1 }).limit(filter.limit).toArray()).map(toEvent);
    },
    async removeBefore(before) {
      const { deletedCount } = await events.deleteMany({ at: { $lt: before } });
      return deletedCount;
    },
  };
}
