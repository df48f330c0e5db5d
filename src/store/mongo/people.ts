import type { Db } from 'mongodb';
import { normalizeEmail, type NewPerson, type People, type Person, type PersonChanges } from '../ports.js';
import { refuseDuplicates, type Clock } from './errors.js';
import { collections } from './schema.js';

interface PersonDocument {
  _id: string;
  webauthnUserId: string;
  email: string;
  /** What the unique index compares: emails differing only in case are one address. */
  emailNormalized: string;
  emailVerified: boolean;
  name: string | null;
  createdAt: Date;
}

const duplicates = { emailNormalized: 'email', webauthnUserId: 'webauthn user id', _id: 'person' };

function toPerson(document: PersonDocument): Person {
  return {
    id: document._id,
    webauthnUserId: document.webauthnUserId,
    email: document.email,
    emailVerified: document.emailVerified,
    name: document.name,
    createdAt: document.createdAt,
  };
}

export function createPeople(db: Db, now: Clock): People {
  const people = db.collection<PersonDocument>(collections.people);
  const credentials = db.collection(collections.credentials);
  const one = (document: PersonDocument | null) => (document ? toPerson(document) : null);

  return {
    async insert(person: NewPerson) {
      const document: PersonDocument = {
        _id: person.id,
        webauthnUserId: person.webauthnUserId,
        email: person.email,
        emailNormalized: normalizeEmail(person.email),
        emailVerified: person.emailVerified,
        name: person.name,
        createdAt: new Date(now()),
      };
      await refuseDuplicates(() => people.insertOne(document), duplicates, 'email or webauthn user id');
      return toPerson(document);
    },
    async findById(id) {
      return one(await people.findOne({ _id: id }));
    },
    async findByEmail(email) {
      return one(await people.findOne({ emailNormalized: normalizeEmail(email) }));
    },
    async findByWebauthnUserId(webauthnUserId) {
      return one(await people.findOne({ webauthnUserId }));
    },
    async update(id: string, changes: PersonChanges) {
      const set: Partial<PersonDocument> = {};
      if (changes.email !== undefined) {
        set.email = changes.email;
        set.emailNormalized = normalizeEmail(changes.email);
      }
      if (changes.emailVerified !== undefined) set.emailVerified = changes.emailVerified;
      if (changes.name !== undefined) set.name = changes.name;
      if (Object.keys(set).length === 0) return one(await people.findOne({ _id: id }));
      return one(await refuseDuplicates(
        () => people.findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: 'after' }),
        duplicates, 'email',
      ));
    },
    async list() {
      return (await people.find().sort({ createdAt: 1, _id: 1 }).toArray()).map(toPerson);
    },
    async count() {
      return people.countDocuments();
    },
    async remove(id) {
      // No transactions (FerretDB has none), so two steps: the person first, then every credential
      // naming them. Were the second step cut off, those credentials would name nobody and open
      // nothing; the next removal of that id sweeps them, as it always runs.
      const { deletedCount } = await people.deleteOne({ _id: id });
      await credentials.deleteMany({ personId: id });
      return deletedCount > 0;
    },
  };
}
