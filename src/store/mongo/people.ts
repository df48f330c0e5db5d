import type { Db, Filter } from 'mongodb';
import {
  isActiveAdministrator, normalizeEmail, type AdministrationChanges, type CustomClaims, type NewPerson, type People, type Person, type PersonChanges,
} from '../ports.js';
import { createAdministratorsGuard } from './administrators.js';
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
  givenName?: string | null;
  familyName?: string | null;
  preferredUsername?: string | null;
  picture?: string | null;
  locale?: string | null;
  isAdmin?: boolean;
  disabledAt?: Date | null;
  /** JSON text, as in every engine: claim values may hold field names with '.' or '$'. */
  claims?: string;
  createdAt: Date;
  updatedAt?: Date;
}

/** Changes that are stored as they are given. */
const plainChanges = ['emailVerified', 'name', 'givenName', 'familyName', 'preferredUsername', 'picture', 'locale', 'isAdmin', 'disabledAt'] as const;

/** Changes to what apps receive about a person move `updatedAt`; admin flags and disabling do not. */
const claimChanges: Array<keyof PersonChanges> = ['email', 'emailVerified', 'name', 'givenName', 'familyName', 'preferredUsername', 'picture', 'locale', 'claims'];

/** Whether a change may end an administration: the guard must hear of it first. */
function mayEndAdministration(changes: PersonChanges): boolean {
  return changes.isAdmin === false || (changes.disabledAt !== undefined && changes.disabledAt !== null);
}

/** Attempts of a guarded change that meets others at the same instant, before it is refused. */
const ATTEMPTS = 10;

const duplicates = { emailNormalized: 'email', webauthnUserId: 'webauthn user id', _id: 'person' };

function toPerson(document: PersonDocument): Person {
  return {
    id: document._id,
    webauthnUserId: document.webauthnUserId,
    email: document.email,
    emailVerified: document.emailVerified,
    name: document.name,
    givenName: document.givenName ?? null,
    familyName: document.familyName ?? null,
    preferredUsername: document.preferredUsername ?? null,
    picture: document.picture ?? null,
    locale: document.locale ?? null,
    isAdmin: document.isAdmin ?? false,
    disabledAt: document.disabledAt ?? null,
    claims: JSON.parse(document.claims ?? '{}') as CustomClaims,
    createdAt: document.createdAt,
    updatedAt: document.updatedAt ?? document.createdAt,
  };
}

export function createPeople(db: Db, now: Clock): People {
  const people = db.collection<PersonDocument>(collections.people);
  const credentials = db.collection(collections.credentials);
  const memberships = db.collection(collections.groupMembers);
  const one = (document: PersonDocument | null) => (document ? toPerson(document) : null);
  const guard = createAdministratorsGuard(db, now);

  async function write(filter: Filter<PersonDocument>, changes: PersonChanges): Promise<Person | null> {
    const set: Partial<PersonDocument> = {};
    if (changes.email !== undefined) {
      set.email = changes.email;
      set.emailNormalized = normalizeEmail(changes.email);
    }
    for (const key of plainChanges) {
      if (changes[key] !== undefined) (set as Record<string, unknown>)[key] = changes[key];
    }
    if (changes.claims !== undefined) set.claims = JSON.stringify(changes.claims);
    if (claimChanges.some((key) => changes[key] !== undefined)) set.updatedAt = new Date(now());
    if (Object.keys(set).length === 0) return one(await people.findOne(filter));
    return one(await refuseDuplicates(
      () => people.findOneAndUpdate(filter, { $set: set }, { returnDocument: 'after' }),
      duplicates, 'email',
    ));
  }

  return {
    async insert(person: NewPerson) {
      const document: PersonDocument = {
        _id: person.id,
        webauthnUserId: person.webauthnUserId,
        email: person.email,
        emailNormalized: normalizeEmail(person.email),
        emailVerified: person.emailVerified,
        name: person.name,
        givenName: person.givenName ?? null,
        familyName: person.familyName ?? null,
        preferredUsername: person.preferredUsername ?? null,
        picture: person.picture ?? null,
        locale: person.locale ?? null,
        isAdmin: person.isAdmin ?? false,
        disabledAt: null,
        claims: JSON.stringify(person.claims ?? {}),
        createdAt: new Date(now()),
      };
      document.updatedAt = document.createdAt;
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
      if (!mayEndAdministration(changes)) return write({ _id: id }, changes);
      const token = await guard.leave(id);
      try {
        return await write({ _id: id }, changes);
      } finally {
        await guard.done(token);
      }
    },
    async updateUnlessLastAdministrator(id: string, changes: AdministrationChanges) {
      if (!mayEndAdministration(changes)) return write({ _id: id }, changes);
      for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
        const before = await people.findOne({ _id: id });
        if (!before) return null;
        if (!isActiveAdministrator(toPerson(before))) {
          // Not an administrator who counts: taken out of the count all the same (they may be
          // enabled meanwhile), and written only if still not active; that filter is not atomic on
          // FerretDB, but being out of the count is what keeps the last one.
          const token = await guard.leave(id);
          try {
            const changed = await write({ _id: id, $or: [{ isAdmin: { $ne: true } }, { disabledAt: { $ne: null } }] }, changes);
            if (changed) return changed;
          } finally {
            await guard.done(token);
          }
          continue;
        }
        const token = await guard.reserve(id);
        if (token) {
          try {
            return await write({ _id: id }, changes);
          } finally {
            await guard.done(token);
          }
        }
        if (!(await guard.recount())) return 'last_administrator';
      }
      return 'last_administrator';
    },
    async list() {
      return (await people.find().sort({ createdAt: 1, _id: 1 }).toArray()).map(toPerson);
    },
    async count() {
      return people.countDocuments();
    },
    async remove(id) {
      // No transactions (FerretDB has none), so several steps: the person first, then every
      // credential and membership naming them. Were a later step cut off, those records would name
      // nobody and open nothing; the next removal of that id sweeps them, as it always runs.
      // Out of the administrators' count first, as every write that may end an administration.
      const token = await guard.leave(id);
      const { deletedCount } = await people.deleteOne({ _id: id }).finally(() => guard.done(token));
      await credentials.deleteMany({ personId: id });
      await memberships.deleteMany({ personId: id });
      return deletedCount > 0;
    },
  };
}
