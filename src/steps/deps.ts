import type Provider from 'oidc-provider';

import type { AuditDeps } from '../audit/recordAudit.js';
import type { Settings } from '../config/settings.js';
import type { Mailer } from '../email/mailer.js';
import type { Views } from '../http/views.js';
import type { Logger } from '../log.js';
import type { PasskeyDeps } from '../passkeys/relyingParty.js';
import type { NotifyAppsOfLogout } from '../sessions/endSessions.js';
import type { Store } from '../store/ports.js';

/** Everything a step may use; steps take what they need from it. */
export interface StepDeps {
  provider: Provider;
  store: Store;
  settings: Settings;
  views: Views;
  mailer: Mailer;
  passkeys: PasskeyDeps;
  log: Logger;
  now: () => number;
  /** Tells the apps of every session that ends (back-channel logout: src/sessions/endSessions.ts). */
  notifyApps: NotifyAppsOfLogout;
  /** Told of every security event recorded (src/audit/recordAudit.ts); metrics count them. */
  onAudit?: AuditDeps['onAudit'];
}
