import type { Db } from 'mongodb';
import type { CustomClaims, Group, GroupChanges, Groups, NewGroup } from '../ports.js';
import { isDuplicateKey, refuseDuplicates, type Clock } from './errors.js';
import { collections } from './schema.js';

interface GroupDocument {
  _id: string;
  name: string;
  description: string | null;
  isDefault: boolean;
  /** JSON text, as in every engine: claim values may hold field names with '.' or '$'. */
  claims: string;
  createdAt: Date;
}

interface MembershipDocument {
  /** `groupId:personId` (ids hold no colon): a second insert of the same membership is refused. */
  _id: string;
  groupId: string;
  personId: string;
  joinedAt: Date;
}

function toGroup(document: GroupDocument): Group {
  return {
    id: document._id,
    name: document.name,
    description: document.description,
    isDefault: document.isDefault,
    claims: JSON.parse(document.claims) as CustomClaims,
    createdAt: document.createdAt,
  };
}

const membershipKey = (groupId: string, personId: string) => `${groupId}:${personId}`;

export function createGroups(db: Db, now: Clock): Groups {
  const groups = db.collection<GroupDocument>(collections.groups);
  const memberships = db.collection<MembershipDocument>(collections.groupMembers);
  const one = (document: GroupDocument | null) => (document ? toGroup(document) : null);

  return {
    async insert(group: NewGroup) {
      const document: GroupDocument = {
        _id: group.id,
        name: group.name,
        description: group.description,
        isDefault: group.isDefault,
        claims: JSON.stringify(group.claims ?? {}),
        createdAt: new Date(now()),
      };
      await refuseDuplicates(() => groups.insertOne(document), { name: 'group name', _id: 'group' }, 'group name');
      return toGroup(document);
    },
    async findById(id) {
      return one(await groups.findOne({ _id: id }));
    },
    async findByName(name) {
      return one(await groups.findOne({ name }));
    },
    async list() {
      return (await groups.find().sort({ name: 1 }).toArray()).map(toGroup);
    },
    async update(id: string, changes: GroupChanges) {
      const set: Partial<GroupDocument> = {};
      if (changes.description !== undefined) set.description = changes.description;
      if (changes.isDefault !== undefined) set.isDefault = changes.isDefault;
      if (changes.claims !== undefined) set.claims = JSON.stringify(changes.claims);
      if (Object.keys(set).length === 0) return one(await groups.findOne({ _id: id }));
      return one(await groups.findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: 'after' }));
    },
    async remove(id) {
      // The group first, then its memberships (no transactions): a membership left behind by a cut-off
      // removal names a group that no longer exists, which grants nothing; the next removal sweeps it.
      const { deletedCount } = await groups.deleteOne({ _id: id });
      await memberships.deleteMany({ groupId: id });
      return deletedCount > 0;
    },
    async addMember(groupId, personId) {
      try {
        await memberships.insertOne({ _id: membershipKey(groupId, personId), groupId, personId, joinedAt: new Date(now()) });
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },
    async removeMember(groupId, personId) {
      const { deletedCount } = await memberships.deleteOne({ _id: membershipKey(groupId, personId) });
      return deletedCount > 0;
    },
    async listMembers(groupId) {
      const found = await memberships.find({ groupId }).sort({ joinedAt: 1, personId: 1 }).toArray();
      return found.map((membership) => membership.personId);
    },
    async listByPerson(personId) {
      const groupIds = (await memberships.find({ personId }).toArray()).map((membership) => membership.groupId);
      if (groupIds.length === 0) return [];
      return (await groups.find({ _id: { $in: groupIds } }).sort({ name: 1 }).toArray()).map(toGroup);
    },
  };
}
