import type { AccessDeps } from '../access/deps.js';
import type { AuditDeps } from '../audit/recordAudit.js';
import type { Settings } from '../config/settings.js';
import type { Mailer } from '../email/mailer.js';
import type { Logger } from '../log.js';
import type { NotifyAppsOfLogout } from '../sessions/endSessions.js';

/**
 * What the administration services (src/admin/) work with, whichever door the change came through
 * (the admin API or the console): the access services' store, clock and random source, the mailer
 * for the person a change concerns, the log, and the audit trail's listener.
 */
export interface AdminDeps extends AccessDeps {
  mailer: Mailer;
  settings: Pick<Settings, 'issuer' | 'recoveryLinkMinutes'>;
  log: Logger;
  /** Tells the apps of every session a change ends (back-channel logout: src/sessions/endSessions.ts). */
  notifyApps: NotifyAppsOfLogout;
  /** Told of every audit event recorded (metrics count them). */
  onAudit?: AuditDeps['onAudit'];
}
