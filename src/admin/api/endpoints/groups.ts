/**
 * /groups: groups by name, their members (by person id) and their custom claims (src/access/groups.ts).
 */
import { z } from 'zod';

import { setGroupClaim } from '../../../access/customClaims.js';
import { listGroups, listMembers } from '../../../access/groups.js';
import type { Group } from '../../../store/ports.js';
import { addGroupMember, changeGroup, deleteGroup, newGroup, removeGroupMember } from '../../groups.js';
import { viewPerson } from '../../people.js';
import { recordAdminChange } from '../../recordChange.js';
import { checkIfMatch, endpoint, etagOf, type AdminApiDeps } from '../endpoint.js';
import {
  groupChangesSchema, groupClaimParams, groupParams, groupSchema, memberParams, membersSchema, newGroupSchema, claimValueSchema,
} from '../schemas.js';
import { personJson } from './people.js';

function groupJson(group: Group, members: number): z.infer<typeof groupSchema> {
  return {
    name: group.name, description: group.description, isDefault: group.isDefault, members, claims: group.claims,
    createdAt: group.createdAt.toISOString(),
  };
}

async function currentGroupJson(deps: Pick<AdminApiDeps, 'store'>, name: string) {
  const { group, members } = await listMembers(deps.store, name);
  return groupJson(group, members.length);
}

async function membersJson(deps: Pick<AdminApiDeps, 'store'>, name: string) {
  const { members } = await listMembers(deps.store, name);
  return { members: await Promise.all(members.map(async (person) => personJson(await viewPerson(deps.store, person)))) };
}

const tag = 'Groups';

export const groupEndpoints = [
  endpoint({
    method: 'get', path: '/groups', operationId: 'listGroups', summary: 'List groups, by name', tag,
    success: { status: 200, description: 'Every group', schema: z.object({ groups: z.array(groupSchema) }) },
    async handle(_request, { store }) {
      return { body: { groups: (await listGroups(store)).map((group) => groupJson(group, group.members)) } };
    },
  }),
  endpoint({
    method: 'post', path: '/groups', operationId: 'createGroup', summary: 'Create a group', tag,
    body: newGroupSchema,
    success: { status: 201, description: 'The group', schema: groupSchema, etag: true },
    async handle({ body, who }, deps) {
      const group = await newGroup(deps, who, body);
      const json = groupJson(group, 0);
      return { body: json, etag: etagOf(json) };
    },
  }),
  endpoint({
    method: 'get', path: '/groups/{name}', operationId: 'getGroup', summary: 'Show a group', tag,
    params: groupParams,
    success: { status: 200, description: 'The group', schema: groupSchema, etag: true },
    async handle({ params }, deps) {
      const json = await currentGroupJson(deps, params.name);
      return { body: json, etag: etagOf(json) };
    },
  }),
  endpoint({
    method: 'patch', path: '/groups/{name}', operationId: 'updateGroup', summary: 'Change a group\'s description or whether new accounts join it', tag,
    params: groupParams, body: groupChangesSchema, ifMatch: true,
    success: { status: 200, description: 'The group as it is now', schema: groupSchema, etag: true },
    async handle({ params, body, ifMatch, who }, deps) {
      checkIfMatch(ifMatch, await currentGroupJson(deps, params.name));
      await changeGroup(deps, who, params.name, body);
      const json = await currentGroupJson(deps, params.name);
      return { body: json, etag: etagOf(json) };
    },
  }),
  endpoint({
    method: 'delete', path: '/groups/{name}', operationId: 'removeGroup', summary: 'Remove a group and every membership in it', tag,
    params: groupParams, ifMatch: true,
    success: { status: 204, description: 'Removed' },
    async handle({ params, ifMatch, who }, deps) {
      checkIfMatch(ifMatch, await currentGroupJson(deps, params.name));
      await deleteGroup(deps, who, params.name);
      return {};
    },
  }),
  endpoint({
    method: 'get', path: '/groups/{name}/members', operationId: 'listGroupMembers', summary: 'List a group\'s members, in the order they joined', tag,
    params: groupParams,
    success: { status: 200, description: 'The members', schema: membersSchema },
    async handle({ params }, deps) {
      return { body: await membersJson(deps, params.name) };
    },
  }),
  endpoint({
    method: 'put', path: '/groups/{name}/members/{id}', operationId: 'addGroupMember', summary: 'Add a person to a group (nothing changes if they are in it)', tag,
    params: memberParams,
    success: { status: 200, description: 'The members as they are now', schema: membersSchema },
    async handle({ params, who }, deps) {
      await addGroupMember(deps, who, { group: params.name, personId: params.id });
      return { body: await membersJson(deps, params.name) };
    },
  }),
  endpoint({
    method: 'delete', path: '/groups/{name}/members/{id}', operationId: 'removeGroupMember', summary: 'Remove a person from a group (nothing changes if they are not in it)', tag,
    params: memberParams,
    success: { status: 200, description: 'The members as they are now', schema: membersSchema },
    async handle({ params, who }, deps) {
      await removeGroupMember(deps, who, { group: params.name, personId: params.id });
      return { body: await membersJson(deps, params.name) };
    },
  }),
  endpoint({
    method: 'put', path: '/groups/{name}/claims/{claim}', operationId: 'setGroupClaim', summary: 'Set one custom claim of a group', tag,
    params: groupClaimParams, body: claimValueSchema,
    success: { status: 200, description: 'The group as it is now', schema: groupSchema, etag: true },
    async handle({ params, body, who }, deps) {
      await setGroupClaim(deps.store, { group: params.name, name: params.claim, value: body.value as never });
      await recordAdminChange(deps, who, { action: 'group.claim.set', target: params.name, detail: { claim: params.claim } });
      const json = await currentGroupJson(deps, params.name);
      return { body: json, etag: etagOf(json) };
    },
  }),
  endpoint({
    method: 'delete', path: '/groups/{name}/claims/{claim}', operationId: 'removeGroupClaim', summary: 'Remove one custom claim of a group', tag,
    params: groupClaimParams,
    success: { status: 200, description: 'The group as it is now', schema: groupSchema, etag: true },
    async handle({ params, who }, deps) {
      await setGroupClaim(deps.store, { group: params.name, name: params.claim, value: undefined });
      await recordAdminChange(deps, who, { action: 'group.claim.remove', target: params.name, detail: { claim: params.claim } });
      const json = await currentGroupJson(deps, params.name);
      return { body: json, etag: etagOf(json) };
    },
  }),
];
