import type Sqlite from 'better-sqlite3';
import type { Invitation, Invitations, NewInvitation } from '../ports.js';
import { refuseDuplicates, type Clock } from './errors.js';

interface InvitationRow {
  id: string;
  token_hash: string;
  email: string;
  group_ids: string;
  is_admin: number;
  created_by: string | null;
  created_at: number;
  expires_at: number;
}

const duplicates = { 'invitations.token_hash': 'invitation token', 'invitations.id': 'invitation' };

function toInvitation(row: InvitationRow): Invitation {
  return {
    id: row.id,
    tokenHash: row.token_hash,
    email: row.email,
    groupIds: JSON.parse(row.group_ids) as string[],
    isAdmin: row.is_admin === 1,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
  };
}

export function createInvitations(db: Sqlite.Database, now: Clock): Invitations {
  const columns = 'id, token_hash, email, group_ids, is_admin, created_by, created_at, expires_at';
  const insert = db.prepare(`INSERT INTO invitations (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${columns}`);
  const byHash = db.prepare(`SELECT ${columns} FROM invitations WHERE token_hash = ? AND expires_at > ?`);
  // One statement: of two redeemers, only one deletes the row and gets it back.
  const take = db.prepare(`DELETE FROM invitations WHERE token_hash = ? RETURNING ${columns}`);
  const live = db.prepare(`SELECT ${columns} FROM invitations WHERE expires_at > ? ORDER BY created_at, id`);
  const remove = db.prepare('DELETE FROM invitations WHERE id = ? AND expires_at > ?');

  return {
    async insert(invitation: NewInvitation) {
      const row = refuseDuplicates(() => insert.get(
        invitation.id, invitation.tokenHash, invitation.email, JSON.stringify(invitation.groupIds),
        invitation.isAdmin ? 1 : 0, invitation.createdBy, now(), invitation.expiresAt.getTime(),
      ), duplicates);
      return toInvitation(row as InvitationRow);
    },
    async findByTokenHash(tokenHash) {
      const row = byHash.get(tokenHash, now());
      return row ? toInvitation(row as InvitationRow) : null;
    },
    async take(tokenHash) {
      // An expired invitation is removed too (it is useless) but not handed out.
      const row = take.get(tokenHash) as InvitationRow | undefined;
      return row && row.expires_at > now() ? toInvitation(row) : null;
    },
    async list() {
      return (live.all(now()) as InvitationRow[]).map(toInvitation);
    },
    async remove(id) {
      return remove.run(id, now()).changes > 0;
    },
  };
}
