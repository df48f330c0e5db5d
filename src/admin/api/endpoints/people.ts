/**
 * /people: accounts, found by their id (the OIDC `sub`), over the access services (src/access/).
 */
import { z } from 'zod';

import { setPersonClaim } from '../../../access/customClaims.js';
import {
  disablePerson, enablePerson, endSessionsOf, findPersonById, listPeople, mailRecoveryLink, removePerson, viewPerson, type PersonView,
} from '../../people.js';
import { recordAdminChange } from '../../recordChange.js';
import { checkIfMatch, endpoint, etagOf } from '../endpoint.js';
import { claimParams, claimValueSchema, endedSessionsSchema, peopleQuery, personPageSchema, personParams, personSchema } from '../schemas.js';

export function personJson({ person, groups, passkeys }: PersonView): z.infer<typeof personSchema> {
  return {
    id: person.id,
    email: person.email,
    emailVerified: person.emailVerified,
    name: person.name,
    administrator: person.isAdmin,
    disabledAt: person.disabledAt?.toISOString() ?? null,
    groups,
    claims: person.claims,
    passkeys,
    createdAt: person.createdAt.toISOString(),
    updatedAt: person.updatedAt.toISOString(),
  };
}

const tag = 'People';
const personChangesSchema = z.strictObject({
  disabled: z.boolean().optional().meta({ description: 'true disables the account (its sessions and tokens end at once); false enables it.' }),
}).meta({ id: 'PersonChanges' });

export const peopleEndpoints = [
  endpoint({
    method: 'get', path: '/people', operationId: 'listPeople', summary: 'List people, by email address, a page at a time', tag,
    query: peopleQuery,
    success: { status: 200, description: 'A page of people', schema: personPageSchema },
    async handle({ query }, { store }) {
      const page = await listPeople(store, query);
      return { body: { people: page.people.map(personJson), nextCursor: page.nextCursor } };
    },
  }),
  endpoint({
    method: 'get', path: '/people/{id}', operationId: 'getPerson', summary: 'Show a person', tag,
    params: personParams,
    success: { status: 200, description: 'The person', schema: personSchema, etag: true },
    async handle({ params }, { store }) {
      const json = personJson(await viewPerson(store, await findPersonById(store, params.id)));
      return { body: json, etag: etagOf(json) };
    },
  }),
  endpoint({
    method: 'patch', path: '/people/{id}', operationId: 'updatePerson', summary: 'Disable or enable a person', tag,
    params: personParams, body: personChangesSchema, ifMatch: true,
    success: { status: 200, description: 'The person as they are now', schema: personSchema, etag: true },
    async handle({ params, body, ifMatch, who }, deps) {
      const { store } = deps;
      const person = await findPersonById(store, params.id);
      checkIfMatch(ifMatch, personJson(await viewPerson(store, person)));
      if (body.disabled === true) await disablePerson(deps, who, person.id);
      if (body.disabled === false) await enablePerson(deps, who, person.id);
      const json = personJson(await viewPerson(store, await findPersonById(store, params.id)));
      return { body: json, etag: etagOf(json) };
    },
  }),
  endpoint({
    method: 'delete', path: '/people/{id}', operationId: 'removePerson', summary: 'Remove a person, their passkeys and their sessions', tag,
    params: personParams, ifMatch: true,
    success: { status: 204, description: 'Removed' },
    async handle({ params, ifMatch, who }, deps) {
      const person = await findPersonById(deps.store, params.id);
      checkIfMatch(ifMatch, personJson(await viewPerson(deps.store, person)));
      await removePerson(deps, who, person.id);
      return {};
    },
  }),
  endpoint({
    method: 'post', path: '/people/{id}/recovery-link', operationId: 'sendRecoveryLink',
    summary: 'Mail the person a single-use link to add a new passkey (never returned here)', tag,
    params: personParams,
    success: { status: 204, description: 'Mailed' },
    async handle({ params, who }, deps) {
      await mailRecoveryLink(deps, who, params.id);
      return {};
    },
  }),
  endpoint({
    method: 'delete', path: '/people/{id}/sessions', operationId: 'endSessions',
    summary: 'Sign the person out everywhere: every session ends and every token they hold is revoked', tag,
    params: personParams,
    success: { status: 200, description: 'How many sessions ended', schema: endedSessionsSchema },
    async handle({ params, who }, deps) {
      const { sessions } = await endSessionsOf(deps, who, params.id);
      return { body: { sessions } };
    },
  }),
  endpoint({
    method: 'put', path: '/people/{id}/claims/{claim}', operationId: 'setPersonClaim', summary: 'Set one custom claim of a person', tag,
    params: claimParams, body: claimValueSchema,
    success: { status: 200, description: 'The person as they are now', schema: personSchema, etag: true },
    async handle({ params, body, who }, deps) {
      const person = await findPersonById(deps.store, params.id);
      const updated = await setPersonClaim(deps.store, { email: person.email, name: params.claim, value: body.value as never });
      await recordAdminChange(deps, who, { action: 'person.claim.set', target: person.id, personId: person.id, detail: { claim: params.claim } });
      const json = personJson(await viewPerson(deps.store, updated));
      return { body: json, etag: etagOf(json) };
    },
  }),
  endpoint({
    method: 'delete', path: '/people/{id}/claims/{claim}', operationId: 'removePersonClaim', summary: 'Remove one custom claim of a person', tag,
    params: claimParams,
    success: { status: 200, description: 'The person as they are now', schema: personSchema, etag: true },
    async handle({ params, who }, deps) {
      const person = await findPersonById(deps.store, params.id);
      const updated = await setPersonClaim(deps.store, { email: person.email, name: params.claim, value: undefined });
      await recordAdminChange(deps, who, { action: 'person.claim.remove', target: person.id, personId: person.id, detail: { claim: params.claim } });
      const json = personJson(await viewPerson(deps.store, updated));
      return { body: json, etag: etagOf(json) };
    },
  }),
];
