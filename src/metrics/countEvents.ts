/**
 * Counts what is already reported elsewhere: security events as the audit trail records them, and
 * mail events as the mailer logs them (`mail.sent`, `mail.failed`, ...), so that the metrics follow the
 * code that does the work without that code knowing about them.
 */
import type { AuditEvent } from '../store/ports.js';
import type { Logger } from '../log.js';
import type { Metrics } from './metrics.js';

export function countAuditEvent(metrics: Metrics) {
  return (event: AuditEvent, recorded: boolean): void => {
    metrics.auditEvents.inc({ type: event.type });
    if (!recorded) metrics.auditWriteFailures.inc();
    const via = typeof event.detail.via === 'string' ? event.detail.via : 'sign-in';
    if (event.type === 'sign_in') metrics.signIns.inc({ via });
    if (event.type === 'sign_in_failed') metrics.signInFailures.inc({ reason: String(event.detail.reason ?? 'unknown') });
  };
}

/** A logger that also counts the mailer's `mail.<outcome>` events. */
export function countMailEvents(log: Logger, metrics: Metrics): Logger {
  const counted = (write: Logger['info']) => (event: string, fields?: Record<string, unknown>) => {
    if (event.startsWith('mail.')) metrics.mails.inc({ outcome: event.slice('mail.'.length) });
    write(event, fields);
  };
  return { info: counted(log.info), warn: counted(log.warn), error: counted(log.error) };
}
