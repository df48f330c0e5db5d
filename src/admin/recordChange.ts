/**
 * Every administrative change made through the admin API or the console goes into the audit trail
 * (src/audit/recordAudit.ts) as an `admin_action`: who (the API key and the administrator who made
 * it, or the administrator signed in to the console), what (`action` and its target), when, and
 * from where (address and browser). The services of src/admin/ record it once the change is done;
 * recording never fails the change.
 */
import { recordAudit, type AuditDeps } from '../audit/recordAudit.js';
import type { JsonValue } from '../store/ports.js';

export interface AdminActor {
  /** `api-key:<id>` (the admin API), or `admin:<person id>` (the console). */
  actor: string;
  /** The administrator: who made the key (null: the `idp` command did), or who is signed in to the console. */
  personId: string | null;
  origin: { ip: string | null; browser: string | null };
}

/** An administrator acting in the console, from the request's address and browser. */
export function consoleActor(personId: string, origin: AdminActor['origin']): AdminActor {
  return { actor: `admin:${personId}`, personId, origin };
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
    detail: {
      action: change.action,
      target: change.target,
      ...(who.actor.startsWith('api-key:') ? { keyMadeBy: who.personId } : {}),
      ...change.detail,
    },
  });
}
