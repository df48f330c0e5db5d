/**
 * Every administrative change made through the admin API goes into the audit trail
 * (src/audit/recordAudit.ts) as an `admin_action`: who (the API key, and the administrator who made
 * it), what (`action` and its target), when, and from where (address and browser). Recorded once
 * the change is done; recording never fails the change.
 */
import { recordAudit, type AuditDeps } from '../audit/recordAudit.js';
import type { JsonValue } from '../store/ports.js';

export interface AdminActor {
  /** `api-key:<id>`. */
  actor: string;
  /** The administrator behind the key, when one made it (null: the `idp` command did). */
  personId: string | null;
  origin: { ip: string; browser: string | null };
}

export interface AdminChange {
  /** `app.create`, `person.disable`, `group.member.remove`, ... */
  action: string;
  /** What was changed: a client id, a person id, a group name, an invitation id. */
  target: string;
  /** The account the change is about, when there is one. */
  personId?: string;
  clientId?: string;
  detail?: Record<string, JsonValue>;
}

export async function recordAdminChange(deps: AuditDeps, who: AdminActor, change: AdminChange): Promise<void> {
  await recordAudit(deps, {
    type: 'admin_action',
    personId: change.personId ?? null,
    clientId: change.clientId ?? null,
    actor: who.actor,
    origin: who.origin,
    detail: { action: change.action, target: change.target, keyMadeBy: who.personId, ...change.detail },
  });
}
