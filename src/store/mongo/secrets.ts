import type { Db } from 'mongodb';
import type { Secrets } from '../ports.js';
import { isDuplicateKey } from './errors.js';
import { collections } from './schema.js';

interface SecretDocument {
  _id: string;
  /** JSON text: a key set is stored exactly as generated, whatever its field names. */
  value: string;
}

export function createSecrets(db: Db): Secrets {
  const secrets = db.collection<SecretDocument>(collections.secrets);

  const read = async (name: string) => {
    const document = await secrets.findOne({ _id: name });
    return document ? (JSON.parse(document.value) as unknown) : null;
  };

  return {
    find: read,
    async putIfAbsent(name, value) {
      // The first insert wins (`_id` is unique); everyone, including the losers, then reads back
      // what won. Instances starting at once race here, and losing is the expected outcome.
      try {
        await secrets.insertOne({ _id: name, value: JSON.stringify(value) });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      return read(name);
    },
  };
}
