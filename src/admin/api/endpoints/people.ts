/**
 * /people: accounts, found by their id (the OIDC `sub`), over the access services (src/access/).
 */
import { z } from 'zod';

import { disableAccount, enableAccount, endEverything, removeAccount } from '../../../access/accounts.js';
import { setPersonClaim } from '../../../access/customClaims.js';
import { issueRecoveryLink } from '../../../recovery/issueRecoveryLink.js';
import { notifyAccountDisabled } from '../../notifyAccessChange.js';
import { findPersonById, listPeople, viewPerson, type PersonView } from '../../people.js';
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
      if (body.disabled === true && !person.disabledAt) {
        const { sessions } = await disableAccount(deps, person.email);
        await recordAdminChange(deps, who, { action: 'person.disable', target: person.id, personId: person.id, detail: { sessions } });
        await notifyAccountDisabled(deps, person);
      }
      if (body.disabled === false && person.disabledAt) {
        await enableAccount(deps, person.email);
        await recordAdminChange(deps, who, { action: 'person.enable', target: person.id, personId: person.id });
      }
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
      await removeAccount(deps, person.email);
      await recordAdminChange(deps, who, { action: 'person.remove', target: person.id, personId: person.id });
      return {};
    },
  }),
  endpoint({
    method: 'post', path: '/people/{id}/recovery-link', operationId: 'sendRecoveryLink',
    summary: 'Mail the person a single-use link to add a new passkey (never returned here)', tag,
    params: personParams,
    success: { status: 204, description: 'Mailed' },
    async handle({ params, who }, deps) {
      const person = await findPersonById(deps.store, params.id);
      await issueRecoveryLink(
        { store: deps.store, mailer: deps.mailer, issuer: deps.settings.issuer, linkMinutes: deps.settings.recoveryLinkMinutes, now: deps.now },
        { email: person.email, clientIp: who.origin.ip, interactionUid: null },
      );
      await recordAdminChange(deps, who, { action: 'person.recovery_link', target: person.id, personId: person.id });
      return {};
    },
  }),
  endpoint({
    method: 'delete', path: '/people/{id}/sessions', operationId: 'endSessions',
    summary: 'Sign the person out everywhere: every session ends and every token they hold is revoked', tag,
    params: personParams,
    success: { status: 200, description: 'How many sessions ended', schema: endedSessionsSchema },
    async handle({ params, who }, deps) {
      const person = await findPersonById(deps.store, params.id);
      const sessions = await endEverything(deps.store, person.id);
      await recordAdminChange(deps, who, { action: 'person.end_sessions', target: person.id, personId: person.id, detail: { sessions } });
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
