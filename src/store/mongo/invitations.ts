import type { Db } from 'mongodb';
import type { Invitation, Invitations, NewInvitation } from '../ports.js';
import { refuseDuplicates, type Clock } from './errors.js';
import { collections } from './schema.js';

interface InvitationDocument {
  _id: string;
  tokenHash: string;
  email: string;
  groupIds: string[];
  isAdmin: boolean;
  createdBy: string | null;
  createdAt: Date;
  expiresAt: Date;
}

function toInvitation(document: InvitationDocument): Invitation {
  return {
    id: document._id,
    tokenHash: document.tokenHash,
    email: document.email,
    groupIds: document.groupIds,
    isAdmin: document.isAdmin,
    createdBy: document.createdBy,
    createdAt: document.createdAt,
    expiresAt: document.expiresAt,
  };
}

export function createInvitations(db: Db, now: Clock): Invitations {
  const invitations = db.collection<InvitationDocument>(collections.invitations);
  const live = () => ({ expiresAt: { $gt: new Date(now()) } });

  return {
    async insert(invitation: NewInvitation) {
      const document: InvitationDocument = {
        _id: invitation.id,
        tokenHash: invitation.tokenHash,
        email: invitation.email,
        groupIds: invitation.groupIds,
        isAdmin: invitation.isAdmin,
        createdBy: invitation.createdBy,
        createdAt: new Date(now()),
        expiresAt: invitation.expiresAt,
      };
      await refuseDuplicates(() => invitations.insertOne(document), { tokenHash: 'invitation token', _id: 'invitation' }, 'invitation');
      return toInvitation(document);
    },
    async findByTokenHash(tokenHash) {
      const document = await invitations.findOne({ tokenHash, ...live() });
      return document ? toInvitation(document) : null;
    },
    async take(tokenHash) {
      // Read, then delete exactly what was read: the delete count is exact on every server, so of
      // two redeemers only one deletes it and gets it (FerretDB v1's findOneAndDelete may hand the
      // same document to both). An expired invitation is removed too, but not handed out.
      const document = await invitations.findOne({ tokenHash });
      if (!document) return null;
      const { deletedCount } = await invitations.deleteOne({ _id: document._id });
      return deletedCount === 1 && document.expiresAt.getTime() > now() ? toInvitation(document) : null;
    },
    async list() {
      return (await invitations.find(live()).sort({ createdAt: 1, _id: 1 }).toArray()).map(toInvitation);
    },
    async remove(id) {
      const { deletedCount } = await invitations.deleteOne({ _id: id, ...live() });
      return deletedCount > 0;
    },
  };
}
