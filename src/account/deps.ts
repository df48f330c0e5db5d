import type { Mailer } from '../email/mailer.js';
import type { Logger } from '../log.js';
import type { PasskeyDeps } from '../passkeys/relyingParty.js';
import type { NotifyAppsOfLogout } from '../sessions/endSessions.js';
import type { Store } from '../store/ports.js';

/** What the account's domain logic works with; no HTTP in here. */
export interface AccountDeps {
  store: Store;
  mailer: Mailer;
  log: Logger;
  passkeys: PasskeyDeps;
  /** Milliseconds since the epoch. */
  now: () => number;
  /** Tells the apps of a session that ends (back-channel logout: src/sessions/endSessions.ts). */
  notifyApps: NotifyAppsOfLogout;
}
