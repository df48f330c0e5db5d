import type { Db } from 'mongodb';
import type { ApiKey, ApiKeys, ApiKeyScope, NewApiKey } from '../ports.js';
import { refuseDuplicates, type Clock } from './errors.js';
import { collections } from './schema.js';

interface ApiKeyDocument {
  _id: string;
  name: string;
  secretHash: string;
  scope: ApiKeyScope;
  createdBy: string | null;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
}

function toApiKey(document: ApiKeyDocument): ApiKey {
  return {
    id: document._id,
    name: document.name,
    secretHash: document.secretHash,
    scope: document.scope,
    createdBy: document.createdBy,
    createdAt: document.createdAt,
    expiresAt: document.expiresAt,
    lastUsedAt: document.lastUsedAt,
  };
}

export function createApiKeys(db: Db, now: Clock): ApiKeys {
  const keys = db.collection<ApiKeyDocument>(collections.apiKeys);
  const live = () => ({ expiresAt: { $gt: new Date(now()) } });

  return {
    async insert(key: NewApiKey) {
      const document: ApiKeyDocument = {
        _id: key.id,
        name: key.name,
        secretHash: key.secretHash,
        scope: key.scope,
        createdBy: key.createdBy,
        createdAt: new Date(now()),
        expiresAt: key.expiresAt,
        lastUsedAt: null,
      };
      await refuseDuplicates(() => keys.insertOne(document), { _id: 'API key' }, 'API key');
      return toApiKey(document);
    },
    async findById(id) {
      const document = await keys.findOne({ _id: id, ...live() });
      return document ? toApiKey(document) : null;
    },
    async list() {
      return (await keys.find(live()).sort({ createdAt: 1, _id: 1 }).toArray()).map(toApiKey);
    },
    async recordUse(id, usedAt) {
      const { matchedCount } = await keys.updateOne({ _id: id }, { $set: { lastUsedAt: usedAt } });
      return matchedCount > 0;
    },
    async remove(id) {
      const { deletedCount } = await keys.deleteOne({ _id: id });
      return deletedCount > 0;
    },
  };
}
