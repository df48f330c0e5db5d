/**
 * Every administrative change made through the admin API is recorded here: who (the API key, and
 * the administrator who made it), what (`admin.<action>` and its target), when, and from where
 * (address and browser). This is the one seam to the provider's audit trail: until that trail
 * exists, the record is one log line, `admin.change`, which carries no secret.
 */
import type { Logger } from '../log.js';

export interface AdminActor {
  /** `api-key:<id>`, or `person:<id>` for an administrator in the console. */
  actor: string;
  /** The administrator behind the key, when one made it (null: the `idp` command did). */
  personId: string | null;
  origin: { ip: string; browser: string | null };
}

export interface AdminChange {
  /** `app.create`, `person.disable`, `group.member.remove`, ... (recorded as `admin.<action>`). */
  action: string;
  /** What was changed: a client id, a person id, a group name, an invitation or key id. */
  target: string;
  detail?: Record<string, unknown>;
}

export function recordAdminChange(deps: { log: Logger; now: () => number }, who: AdminActor, change: AdminChange): void {
  deps.log.info('admin.change', {
    type: `admin.${change.action}`,
    target: change.target,
    actor: who.actor,
    personId: who.personId,
    ip: who.origin.ip,
    browser: who.origin.browser,
    at: new Date(deps.now()).toISOString(),
    ...(change.detail ? { detail: change.detail } : {}),
  });
}
