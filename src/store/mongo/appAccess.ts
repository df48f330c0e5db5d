import type { Db } from 'mongodb';
import type { AppAccess, AppAccessRules } from '../ports.js';
import { isDuplicateKey } from './errors.js';
import { collections } from './schema.js';

interface AppAccessDocument {
  /** The client id. */
  _id: string;
  allowedGroupIds: string[] | null;
  claims: string[];
}

function toAppAccess(document: AppAccessDocument): AppAccess {
  return { clientId: document._id, allowedGroupIds: document.allowedGroupIds, claims: document.claims };
}

export function createAppAccess(db: Db): AppAccessRules {
  const rules = db.collection<AppAccessDocument>(collections.appAccess);

  return {
    async find(clientId) {
      const document = await rules.findOne({ _id: clientId });
      return document ? toAppAccess(document) : null;
    },
    async put(access) {
      const document: AppAccessDocument = { _id: access.clientId, allowedGroupIds: access.allowedGroupIds, claims: access.claims };
      const replace = () => rules.replaceOne({ _id: document._id }, document, { upsert: true });
      try {
        await replace();
      } catch (error) {
        // Two upserts of a new key can race to insert it; the loser's replace now finds the document.
        if (!isDuplicateKey(error)) throw error;
        await replace();
      }
    },
    async remove(clientId) {
      const { deletedCount } = await rules.deleteOne({ _id: clientId });
      return deletedCount > 0;
    },
    async list() {
      return (await rules.find().sort({ _id: 1 }).toArray()).map(toAppAccess);
    },
  };
}
