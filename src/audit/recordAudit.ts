/**
 * Records one security event in the audit trail.
 *
 * Called after the action it records has been done (the passkey is stored, the session ended): the
 * action stands whether or not the record is written. So a failed write never fails the action, and
 * loses nothing either: the whole event goes to the log as `audit.not_recorded` (an error line
 * operators can alert on), and `idp_audit_write_failures_total` counts it. Never throws.
 * A write that carries its event with the action (a sign-in: `InteractionSave.audit`) builds it
 * with `newAuditEvent` and reports what the store said with `reportAudit`, to the same effect.
 */
import { redactSecrets, type Logger } from '../log.js';
import type { AuditEvent, JsonValue, Store } from '../store/ports.js';
import { newAuditId } from './auditIds.js';
import type { AuditType } from './events.js';
import type { RequestOrigin } from './requestOrigin.js';

export interface AuditDeps {
  store: Pick<Store, 'audit'>;
  log: Logger;
  now: () => number;
  /** Told of every event recorded (metrics count them). */
  onAudit?: (event: AuditEvent, recorded: boolean) => void;
}

export interface AuditRecord {
  type: AuditType;
  personId?: string | null;
  email?: string | null;
  clientId?: string | null;
  /** Who acted, when not the account's owner: `cli:<user>`, or `admin:<person id>`. */
  actor?: string | null;
  origin?: RequestOrigin | null;
  detail?: Record<string, JsonValue>;
}

function redacted(value: JsonValue): JsonValue {
  if (typeof value === 'string') return redactSecrets(value);
  if (Array.isArray(value)) return value.map(redacted);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redacted(item)]));
}

export async function recordAudit(deps: AuditDeps, record: AuditRecord): Promise<AuditEvent> {
  const event = newAuditEvent(deps, record);
  let failure: Error | null = null;
  try {
    await deps.store.audit.insert(event);
  } catch (error) {
    failure = error as Error;
  }
  reportAudit(deps, event, failure);
  return event;
}

/** The event of a record, for a write that carries it with its action (`InteractionSave.audit`). */
export function newAuditEvent(deps: Pick<AuditDeps, 'now'>, record: AuditRecord): AuditEvent {
  const at = deps.now();
  return {
    id: newAuditId(at),
    at: new Date(at),
    type: record.type,
    personId: record.personId ?? null,
    email: record.email ?? null,
    clientId: record.clientId ?? null,
    ip: record.origin?.ip ?? null,
    browser: record.origin?.browser ?? null,
    actor: record.actor ?? null,
    // Ensure no secret is kept in the trail, whoever wrote the detail (same rules as the log).
    detail: redacted(record.detail ?? {}) as Record<string, JsonValue>,
  };
}

/** Logs an event the store did not take (`failure`), and tells the listener either way. */
export function reportAudit(deps: Omit<AuditDeps, 'store'>, event: AuditEvent, failure: Error | null): void {
  if (failure) deps.log.error('audit.not_recorded', { auditEvent: event, detail: failure.message });
  try {
    deps.onAudit?.(event, failure === null);
  } catch {
    // A listener's failure is not the action's.
  }
}
