/**
 * Invitations as the admin API and console issue and revoke them (src/access/invitations.ts,
 * sendInvitation.ts), each recorded in the audit trail as the administrator's (recordChange.ts).
 */
import { revokeInvitation } from '../access/invitations.js';
import type { AdminDeps } from './deps.js';
import { recordAdminChange, type AdminActor } from './recordChange.js';
import { sendInvitation } from './sendInvitation.js';

export interface InvitationOrder {
  email: string;
  groups?: string[];
  isAdmin?: boolean;
  expiresInMs?: number;
  /** False: the link is returned to the administrator, who hands it over, instead of mailed. */
  mail: boolean;
}

export async function invite(deps: AdminDeps, who: AdminActor, order: InvitationOrder) {
  const issued = await sendInvitation(
    { store: deps.store, now: deps.now, randomBytes: deps.randomBytes, issuer: deps.settings.issuer, mailer: order.mail ? deps.mailer : null },
    { email: order.email, groups: order.groups, isAdmin: order.isAdmin ?? false, expiresInMs: order.expiresInMs, createdBy: who.personId },
  );
  await recordAdminChange(deps, who, {
    action: 'invitation.create', target: issued.invitation.id, detail: { administrator: issued.invitation.isAdmin, mailed: issued.mailed },
  });
  return issued;
}

export async function withdrawInvitation(deps: AdminDeps, who: AdminActor, id: string): Promise<void> {
  await revokeInvitation(deps.store, id);
  await recordAdminChange(deps, who, { action: 'invitation.revoke', target: id });
}
