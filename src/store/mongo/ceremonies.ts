import type { Db } from 'mongodb';
import type { Ceremonies, Ceremony } from '../ports.js';
import { isDuplicateKey, type Clock } from './errors.js';
import { collections } from './schema.js';

interface CeremonyDocument {
  /** `purpose:binding`: one ceremony per binding and purpose (purposes hold no colon). */
  _id: string;
  binding: string;
  purpose: string;
  challenge: string;
  personId: string | null;
  /** JSON text, as in every engine: field names are the caller's and may hold '.' or '$'. */
  state: string;
  expiresAt: Date;
}

const keyOf = (binding: string, purpose: string) => `${purpose}:${binding}`;

function toCeremony(document: CeremonyDocument): Ceremony {
  return {
    binding: document.binding,
    purpose: document.purpose,
    challenge: document.challenge,
    personId: document.personId,
    state: JSON.parse(document.state) as Record<string, unknown>,
    expiresAt: document.expiresAt,
  };
}

export function createCeremonies(db: Db, now: Clock): Ceremonies {
  const ceremonies = db.collection<CeremonyDocument>(collections.ceremonies);
  const live = () => ({ expiresAt: { $gt: new Date(now()) } });

  return {
    async put(ceremony) {
      const document: CeremonyDocument = {
        _id: keyOf(ceremony.binding, ceremony.purpose),
        binding: ceremony.binding,
        purpose: ceremony.purpose,
        challenge: ceremony.challenge,
        personId: ceremony.personId,
        state: JSON.stringify(ceremony.state),
        expiresAt: ceremony.expiresAt,
      };
      const replace = () => ceremonies.replaceOne({ _id: document._id }, document, { upsert: true });
      try {
        await replace();
      } catch (error) {
        // Two upserts of a new key can race to insert it; the loser's replace now finds the document.
        if (!isDuplicateKey(error)) throw error;
        await replace();
      }
    },
    async find(binding, purpose) {
      const document = await ceremonies.findOne({ _id: keyOf(binding, purpose), ...live() });
      return document ? toCeremony(document) : null;
    },
    async take(binding, purpose) {
      // Read, then delete exactly what was read: the delete count is exact on every server, so of
      // two takers only one deletes it and gets it. (findOneAndDelete would be one round trip, but
      // FerretDB v1 runs it as a read and a delete that may both "succeed" for two callers.)
      // An expired ceremony is removed too (it is useless) but not handed out.
      const document = await ceremonies.findOne({ _id: keyOf(binding, purpose) });
      if (!document) return null;
      const { deletedCount } = await ceremonies.deleteOne({ _id: document._id, challenge: document.challenge });
      return deletedCount === 1 && document.expiresAt.getTime() > now() ? toCeremony(document) : null;
    },
  };
}
