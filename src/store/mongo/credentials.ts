import { Binary, type Db } from 'mongodb';
import type { Credential, CredentialUse, Credentials, NewCredential } from '../ports.js';
import type { Claims } from './claims.js';
import { refuseDuplicates, type Clock } from './errors.js';
import { collections } from './schema.js';

/** The credential id is `_id`: that makes it unique across all people, with no index of our own. */
type CredentialDocument = Omit<Credential, 'id' | 'publicKey'> & { _id: string; publicKey: Binary };

function toCredential(document: CredentialDocument): Credential {
  const key = document.publicKey;
  return {
    id: document._id,
    personId: document.personId,
    // A plain Uint8Array copy of exactly the stored bytes: callers compare and serialize it,
    // and a Buffer or the driver's Binary would behave differently.
    publicKey: new Uint8Array(key.read(0, key.length())),
    counter: document.counter,
    transports: document.transports,
    backupEligible: document.backupEligible,
    backedUp: document.backedUp,
    aaguid: document.aaguid,
    name: document.name,
    createdIn: document.createdIn,
    createdAt: document.createdAt,
    lastUsedAt: document.lastUsedAt,
  };
}

/** How long a claim on a counter value holds: far longer than a sign-in takes from reading it to recording it. */
const counterClaimMs = 5 * 60_000;

export function createCredentials(db: Db, now: Clock, claims: Claims): Credentials {
  const credentials = db.collection<CredentialDocument>(collections.credentials);

  return {
    async insert(credential: NewCredential) {
      const document: CredentialDocument = {
        _id: credential.id,
        personId: credential.personId,
        publicKey: new Binary(credential.publicKey),
        counter: credential.counter,
        transports: [...credential.transports],
        backupEligible: credential.backupEligible,
        backedUp: credential.backedUp,
        aaguid: credential.aaguid,
        name: credential.name,
        createdIn: credential.createdIn,
        createdAt: new Date(now()),
        lastUsedAt: null,
      };
      await refuseDuplicates(() => credentials.insertOne(document), { _id: 'credential' }, 'credential');
      return toCredential(document);
    },
    async findById(id) {
      const document = await credentials.findOne({ _id: id });
      return document ? toCredential(document) : null;
    },
    async listByPerson(personId) {
      return (await credentials.find({ personId }).sort({ createdAt: 1, _id: 1 }).toArray()).map(toCredential);
    },
    async recordUse(id: string, use: CredentialUse) {
      const stored = await credentials.findOne({ _id: id });
      if (!stored || stored.counter !== use.expectedCounter) return false;
      // Compare-and-set. Moving the counter on from a value is claimed once, so of two sign-ins
      // that read the same counter only one moves it (a filter on `counter` alone would let both
      // through on FerretDB, see claims.ts). A counter that stays put (0 for most synced passkeys)
      // protects nothing and needs no claim.
      if (use.newCounter !== use.expectedCounter
        && !(await claims.claim(`counter:${id}:${use.expectedCounter}`, new Date(now() + counterClaimMs)))) {
        return false;
      }
      const result = await credentials.updateOne(
        { _id: id, counter: use.expectedCounter },
        { $set: { counter: use.newCounter, backedUp: use.backedUp, lastUsedAt: use.usedAt } },
      );
      return result.matchedCount === 1;
    },
    async rename(id, personId, name) {
      return (await credentials.updateOne({ _id: id, personId }, { $set: { name } })).matchedCount === 1;
    },
    async remove(id, personId) {
      return (await credentials.deleteOne({ _id: id, personId })).deletedCount === 1;
    },
    async count() {
      return credentials.countDocuments();
    },
  };
}
