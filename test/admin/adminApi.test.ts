/**
 * The admin REST API, end to end against the real provider: every endpoint and every refusal,
 * answered as problem details and never as a 500; and every response the suite saw checked
 * against the OpenAPI document the API serves.
 */
import { randomBytes } from 'node:crypto';

import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

import { createApiKey } from '../../src/admin/apiKeys.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtpCapture.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';
import { createApiClient } from './apiClient.js';

const DAY = 86_400_000;

describe('admin REST API', () => {
  let provider: TestProvider;
  let smtp: SmtpCapture;
  let skew = 0;
  let readWrite: string;
  let readOnly: string;
  let client: ReturnType<typeof createApiClient>;

  const keyFor = async (scope: 'read-only' | 'read-write', createdBy: string | null = null, expiresIn = '90d') =>
    (await createApiKey({ store: provider.store, now: () => Date.now() + skew, randomBytes }, { name: `test ${scope}`, scope, createdBy, expiresIn })).key;

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    provider = await startTestProvider({ now: () => Date.now() + skew, settings: { smtpUrl: smtp.url, signUp: 'invite' } });
    readWrite = await keyFor('read-write');
    readOnly = await keyFor('read-only');
    client = createApiClient(provider.origin, () => readWrite);
  });
  afterAll(async () => {
    await provider.close();
    await smtp.close();
  });

  const api = (...args: Parameters<ReturnType<typeof createApiClient>['call']>) => client.call(...args);

  function expectProblem(response: { status: number; contentType: string; body: any }, status: number, code: string) {
    expect(response.status).toBe(status);
    expect(response.contentType).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ type: 'about:blank', status, code });
    expect(typeof response.body.detail).toBe('string');
  }

  describe('API keys', () => {
    it('refuses a request without a key, with a Bearer challenge', async () => {
      const response = await api('GET', '/apps', { key: null });
      expectProblem(response, 401, 'api_key_missing');
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    });

    it('refuses a key that is not one, and a right id with a wrong secret', async () => {
      expectProblem(await api('GET', '/apps', { key: 'hunter2' }), 401, 'api_key_invalid');
      const forged = `${readWrite.slice(0, -43)}${'A'.repeat(43)}`;
      expectProblem(await api('GET', '/apps', { key: forged }), 401, 'api_key_invalid');
    });

    it('takes no cookie: a browser session does not authenticate the API', async () => {
      expectProblem(await api('GET', '/apps', { key: null, headers: { cookie: '_session=anything' } }), 401, 'api_key_missing');
    });

    it('refuses an expired key', async () => {
      const short = await keyFor('read-write', null, '1d');
      expect((await api('GET', '/apps', { key: short })).status).toBe(200);
      skew += DAY;
      try {
        expectProblem(await api('GET', '/apps', { key: short }), 401, 'api_key_invalid');
      } finally {
        skew -= DAY;
      }
    });

    it('stops a revoked key at once', async () => {
      const key = await keyFor('read-write');
      expect((await api('GET', '/groups', { key })).status).toBe(200);
      await provider.store.apiKeys.remove(key.slice(5, 29));
      expectProblem(await api('GET', '/groups', { key }), 401, 'api_key_invalid');
    });

    it('stops a key when the administrator who made it no longer is one', async () => {
      const admin = await provider.store.people.insert({ id: 'key-maker', webauthnUserId: 'h-key-maker', email: 'maker@example.com', emailVerified: true, name: null, isAdmin: true });
      const key = await keyFor('read-write', admin.id);
      expect((await api('GET', '/groups', { key })).status).toBe(200);
      await provider.store.people.update(admin.id, { isAdmin: false });
      expectProblem(await api('GET', '/groups', { key }), 401, 'api_key_invalid');
      await provider.store.people.remove(admin.id);
    });

    it('lets a read-only key read but change nothing', async () => {
      expect((await api('GET', '/groups', { key: readOnly })).status).toBe(200);
      expectProblem(await api('POST', '/groups', { key: readOnly, body: { name: 'readers' } }), 403, 'api_key_read_only');
      expectProblem(await api('DELETE', '/invitations/nothing', { key: readOnly }), 403, 'api_key_read_only');
      expect(await provider.store.groups.findByName('readers')).toBeNull();
    });

    it('records when a key was last used', async () => {
      const key = await keyFor('read-only');
      const id = key.slice(5, 29);
      expect((await provider.store.apiKeys.findById(id))?.lastUsedAt).toBeNull();
      await api('GET', '/groups', { key });
      expect((await provider.store.apiKeys.findById(id))?.lastUsedAt).toBeInstanceOf(Date);
    });
  });

  describe('apps', () => {
    it('registers an app, shows its secret once, and never lists it', async () => {
      const created = await api('POST', '/apps', { body: { name: 'Wiki', redirectUris: ['https://wiki.example.com/cb'], logoUri: 'https://wiki.example.com/logo.png' } });
      expect(created.status).toBe(201);
      expect(created.body.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(created.body.app).toMatchObject({ name: 'Wiki', isPublic: false, logoUri: 'https://wiki.example.com/logo.png', allowedGroups: null });
      const listed = await api('GET', '/apps');
      expect(JSON.stringify(listed.body)).not.toContain(created.body.clientSecret);
      const shown = await api('GET', `/apps/${created.body.app.clientId}`);
      expect(shown.body).toEqual(created.body.app);
      expect(shown.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]+"$/);
    });

    it('refuses bad settings with the field named, and registers nothing', async () => {
      const before = (await api('GET', '/apps')).body.apps.length;
      const insecure = await api('POST', '/apps', { body: { name: 'Evil', redirectUris: ['http://evil.example.com/cb'] } });
      expectProblem(insecure, 400, 'invalid_request');
      expect(insecure.body.errors).toEqual([expect.objectContaining({ pointer: '/redirectUris' })]);
      const unknownField = await api('POST', '/apps', { body: { name: 'X', redirectUris: ['https://x.example.com/cb'], secret: 'mine' } });
      expectProblem(unknownField, 400, 'invalid_request');
      expectProblem(await api('POST', '/apps', { body: { name: 'X', redirectUris: 'https://x.example.com/cb' } }), 400, 'invalid_request');
      expectProblem(await api('POST', '/apps', { body: { name: 'X', redirectUris: ['https://x.example.com/cb'], allowedGroups: ['nosuchgroup'] } }), 404, 'group_not_found');
      expect((await api('GET', '/apps')).body.apps.length).toBe(before);
    });

    it('changes settings idempotently, and refuses a change based on a stale ETag', async () => {
      const { body } = await api('POST', '/apps', { body: { name: 'Chat', redirectUris: ['https://chat.example.com/cb'] } });
      const path = `/apps/${body.app.clientId}`;
      const etag = (await api('GET', path)).headers.get('etag')!;
      const change = { name: 'Team chat', redirectUris: ['https://chat.example.com/cb', 'https://chat.example.com/cb2'], firstParty: true, idTokenSigningAlg: 'ES256', launchUri: 'https://chat.example.com/' };
      const first = await api('PATCH', path, { body: change, headers: { 'if-match': etag } });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject(change);
      const second = await api('PATCH', path, { body: change });
      expect(second.body).toEqual(first.body);
      expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
      expectProblem(await api('PATCH', path, { body: { name: 'Overwritten' }, headers: { 'if-match': etag } }), 412, 'etag_mismatch');
      expect((await api('GET', path)).body.name).toBe('Team chat');
    });

    it('sets an app’s token lifetimes, refuses one out of range, and goes back to the default with null', async () => {
      const { body } = await api('POST', '/apps', { body: { name: 'Short', redirectUris: ['https://short.example.com/cb'], accessTokenLifetime: 300 } });
      expect(body.app).toMatchObject({ accessTokenLifetime: 300, refreshTokenLifetime: null });
      const path = `/apps/${body.app.clientId}`;
      expect((await api('PATCH', path, { body: { refreshTokenLifetime: 3600 } })).body).toMatchObject({ accessTokenLifetime: 300, refreshTokenLifetime: 3600 });
      expectProblem(await api('PATCH', path, { body: { accessTokenLifetime: 30 } }), 400, 'invalid_request');
      expectProblem(await api('PATCH', path, { body: { refreshTokenLifetime: 91 * 86400 } }), 400, 'invalid_request');
      expect((await api('PATCH', path, { body: { accessTokenLifetime: null } })).body).toMatchObject({ accessTokenLifetime: null, refreshTokenLifetime: 3600 });
    });

    it('restricts an app to groups and names the claims it receives', async () => {
      await api('POST', '/groups', { body: { name: 'staff' } });
      const { body } = await api('POST', '/apps', { body: { name: 'Intranet', redirectUris: ['https://intra.example.com/cb'], allowedGroups: ['staff'], claims: ['department'] } });
      expect(body.app).toMatchObject({ allowedGroups: ['staff'], claims: ['department'] });
      const opened = await api('PATCH', `/apps/${body.app.clientId}`, { body: { allowedGroups: null } });
      expect(opened.body.allowedGroups).toBeNull();
      expectProblem(await api('PATCH', `/apps/${body.app.clientId}`, { body: { claims: ['email'] } }), 400, 'claim_name_reserved');
    });

    it('rotates a secret with an overlap: the old one works until the overlap ends, the new one at once', async () => {
      const { body } = await api('POST', '/apps', { body: { name: 'Ledger', redirectUris: ['https://ledger.example.com/cb'] } });
      const { clientId, } = body.app;
      const oldSecret = body.clientSecret as string;
      const introspect = async (secret: string) => (await fetch(`${provider.origin}/token/introspection`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'token=nothing',
      })).status;
      expect(await introspect(oldSecret)).toBe(200);
      const rotated = await api('POST', `/apps/${clientId}/secret`, { body: { overlap: '1d' } });
      expect(rotated.status).toBe(200);
      expect(rotated.body.previousSecretExpiresAt).not.toBeNull();
      expect(await introspect(rotated.body.clientSecret)).toBe(200);
      expect(await introspect(oldSecret)).toBe(200);
      expect(await introspect('not-a-secret')).toBe(401);
      skew += DAY;
      try {
        expect(await introspect(oldSecret)).toBe(401);
        expect(await introspect(rotated.body.clientSecret)).toBe(200);
      } finally {
        skew -= DAY;
      }
      const atOnce = await api('POST', `/apps/${clientId}/secret`);
      expect(atOnce.body.previousSecretExpiresAt).toBeNull();
      expect(await introspect(rotated.body.clientSecret)).toBe(401);
      expect(await introspect(atOnce.body.clientSecret)).toBe(200);
      expectProblem(await api('POST', `/apps/${clientId}/secret`, { body: { overlap: '90d' } }), 400, 'duration_invalid');
    });

    it('removes an app, and answers 404 for an unknown one', async () => {
      const { body } = await api('POST', '/apps', { body: { name: 'Temp', redirectUris: ['https://temp.example.com/cb'] } });
      expect((await api('DELETE', `/apps/${body.app.clientId}`)).status).toBe(204);
      expectProblem(await api('GET', `/apps/${body.app.clientId}`), 404, 'client_not_found');
      expectProblem(await api('DELETE', `/apps/${body.app.clientId}`), 404, 'client_not_found');
      expectProblem(await api('PATCH', '/apps/nope', { body: { name: 'x' } }), 404, 'client_not_found');
      expectProblem(await api('POST', '/apps/nope/secret'), 404, 'client_not_found');
    });
  });

  describe('people', () => {
    beforeAll(async () => {
      for (const [id, email, name] of [['p-ann', 'ann@example.com', 'Ann'], ['p-ben', 'ben@example.com', 'Ben'], ['p-cat', 'cat@example.org', 'Cat'], ['p-dan', 'dan@example.com', null], ['p-eve', 'eve@example.net', 'Eve Ann']] as const) {
        await provider.store.people.insert({ id, webauthnUserId: `h-${id}`, email, emailVerified: true, name });
      }
    });

    it('lists people a page at a time by email, and searches by address or name', async () => {
      const first = await api('GET', '/people?limit=2');
      expect(first.body.people.map((p: any) => p.email)).toEqual(['ann@example.com', 'ben@example.com']);
      const second = await api('GET', `/people?limit=2&cursor=${first.body.nextCursor}`);
      expect(second.body.people.map((p: any) => p.email)).toEqual(['cat@example.org', 'dan@example.com']);
      const found = await api('GET', '/people?search=ANN');
      expect(found.body.people.map((p: any) => p.id)).toEqual(['p-ann', 'p-eve']);
      expect(found.body.nextCursor).toBeNull();
      expectProblem(await api('GET', '/people?limit=0'), 400, 'invalid_request');
      expectProblem(await api('GET', '/people?cursor=!!'), 400, 'invalid_request');
      expectProblem(await api('GET', '/people?colour=blue'), 400, 'invalid_request');
    });

    it('shows a person, and answers 404 for an unknown id', async () => {
      const shown = await api('GET', '/people/p-ben');
      expect(shown.body).toMatchObject({ id: 'p-ben', email: 'ben@example.com', disabledAt: null, groups: [], passkeys: 0 });
      expectProblem(await api('GET', '/people/nobody'), 404, 'person_id_unknown');
      expectProblem(await api('GET', `/people/${'x'.repeat(300)}`), 404, 'not_found');
    });

    it('disables and enables a person; disabling ends their sessions', async () => {
      await provider.store.oidc.upsert('Session', 's-ben', { accountId: 'p-ben', uid: 'u-ben' }, 3600);
      const etag = (await api('GET', '/people/p-ben')).headers.get('etag')!;
      const disabled = await api('PATCH', '/people/p-ben', { body: { disabled: true }, headers: { 'if-match': etag } });
      expect(disabled.body.disabledAt).not.toBeNull();
      expect(await provider.store.oidc.find('Session', 's-ben')).toBeNull();
      expect((await smtp.mailTo('ben@example.com', 'was disabled')).text).toContain('disabled your account');
      const [recorded] = await provider.store.audit.list({ personId: 'p-ben', types: ['admin_action'], limit: 1 });
      expect(recorded).toMatchObject({
        type: 'admin_action', personId: 'p-ben', actor: `api-key:${readWrite.slice(5, 29)}`, ip: '127.0.0.1',
        detail: expect.objectContaining({ action: 'person.disable', target: 'p-ben' }),
      });
      expectProblem(await api('PATCH', '/people/p-ben', { body: { disabled: false }, headers: { 'if-match': etag } }), 412, 'etag_mismatch');
      const again = await api('PATCH', '/people/p-ben', { body: { disabled: true } });
      expect(again.body.disabledAt).toBe(disabled.body.disabledAt);
      const enabled = await api('PATCH', '/people/p-ben', { body: { disabled: false } });
      expect(enabled.body.disabledAt).toBeNull();
      expectProblem(await api('PATCH', '/people/p-ben', { body: { disabled: 'yes' } }), 400, 'invalid_request');
    });

    it('mails a recovery link without returning it', async () => {
      const sent = await api('POST', '/people/p-dan/recovery-link');
      expect(sent.status).toBe(204);
      const mail = await smtp.mailTo('dan@example.com', '');
      expect(mail.text).toContain('/recover/');
    });

    it('ends every session of a person', async () => {
      await provider.store.oidc.upsert('Session', 's-cat', { accountId: 'p-cat', uid: 'u-cat' }, 3600);
      const ended = await api('DELETE', '/people/p-cat/sessions');
      expect(ended.body).toEqual({ sessions: 1 });
      expect(await provider.store.oidc.find('Session', 's-cat')).toBeNull();
    });

    it('sets and removes custom claims, refusing reserved names and oversized values', async () => {
      const set = await api('PUT', '/people/p-ann/claims/department', { body: { value: ['research', 'ops'] } });
      expect(set.body.claims).toEqual({ department: ['research', 'ops'] });
      expectProblem(await api('PUT', '/people/p-ann/claims/sub', { body: { value: 'x' } }), 400, 'claim_name_reserved');
      expectProblem(await api('PUT', '/people/p-ann/claims/big', { body: { value: 'x'.repeat(5000) } }), 400, 'claim_value_invalid');
      expectProblem(await api('PUT', '/people/p-ann/claims/department', { body: {} }), 400, 'invalid_request');
      const removed = await api('DELETE', '/people/p-ann/claims/department');
      expect(removed.body.claims).toEqual({});
    });

    it('removes a person', async () => {
      expect((await api('DELETE', '/people/p-eve')).status).toBe(204);
      expect(await provider.store.people.findById('p-eve')).toBeNull();
      expectProblem(await api('DELETE', '/people/p-eve'), 404, 'person_id_unknown');
    });
  });

  describe('groups', () => {
    it('creates, shows, changes and removes a group', async () => {
      const created = await api('POST', '/groups', { body: { name: 'family', description: 'At home', isDefault: false } });
      expect(created.status).toBe(201);
      expectProblem(await api('POST', '/groups', { body: { name: 'family' } }), 409, 'group_taken');
      expectProblem(await api('POST', '/groups', { body: { name: 'Not A Name!' } }), 400, 'group_name_invalid');
      const etag = (await api('GET', '/groups/family')).headers.get('etag')!;
      const changed = await api('PATCH', '/groups/family', { body: { isDefault: true }, headers: { 'if-match': etag } });
      expect(changed.body).toMatchObject({ name: 'family', isDefault: true, description: 'At home' });
      expectProblem(await api('PATCH', '/groups/family', { body: { description: 'x' }, headers: { 'if-match': etag } }), 412, 'etag_mismatch');
      expect((await api('DELETE', '/groups/family')).status).toBe(204);
      expectProblem(await api('GET', '/groups/family'), 404, 'group_not_found');
    });

    it('adds and removes members by person id, once', async () => {
      await api('POST', '/groups', { body: { name: 'editors' } });
      const added = await api('PUT', '/groups/editors/members/p-ann');
      expect(added.body.members.map((m: any) => m.id)).toEqual(['p-ann']);
      expect((await api('PUT', '/groups/editors/members/p-ann')).body.members).toHaveLength(1);
      expect((await api('GET', '/groups/editors/members')).body.members.map((m: any) => m.id)).toEqual(['p-ann']);
      expect((await api('GET', '/people/p-ann')).body.groups).toEqual(['editors']);
      expectProblem(await api('PUT', '/groups/editors/members/nobody'), 404, 'person_id_unknown');
      expectProblem(await api('PUT', '/groups/nogroup/members/p-ann'), 404, 'group_not_found');
      expect((await api('DELETE', '/groups/editors/members/p-ann')).body.members).toEqual([]);
      expect((await api('DELETE', '/groups/editors/members/p-ann')).status).toBe(200);
    });

    it('mails a person removed from a group that gates an app they can no longer use', async () => {
      await api('POST', '/groups', { body: { name: 'crew' } });
      await api('POST', '/apps', { body: { name: 'Crew roster', redirectUris: ['https://crew.example.com/cb'], allowedGroups: ['crew'] } });
      await api('PUT', '/groups/crew/members/p-dan');
      await api('DELETE', '/groups/crew/members/p-dan');
      const mail = await smtp.mailTo('dan@example.com', 'no longer sign in');
      expect(mail.text).toContain('Crew roster');
      expect(mail.text).toContain('crew');
    });

    it('sets and removes group claims', async () => {
      await api('POST', '/groups', { body: { name: 'ops' } });
      expect((await api('PUT', '/groups/ops/claims/roles', { body: { value: ['ops-admin'] } })).body.claims).toEqual({ roles: ['ops-admin'] });
      expect((await api('DELETE', '/groups/ops/claims/roles')).body.claims).toEqual({});
    });
  });

  describe('invitations', () => {
    it('mails an invitation with its groups, lists it without its link, and revokes it', async () => {
      await api('POST', '/groups', { body: { name: 'guests' } });
      const created = await api('POST', '/invitations', { body: { email: 'newcomer@example.com', groups: ['guests'], expires: '2d' } });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ mailed: true, invitation: { email: 'newcomer@example.com', groups: ['guests'], administrator: false } });
      const mail = await smtp.mailTo('newcomer@example.com', '');
      expect(mail.text).toMatch(/\/invite\/[A-Za-z0-9_-]{43}/);
      const listed = await api('GET', '/invitations');
      expect(listed.body.invitations.map((i: any) => i.id)).toContain(created.body.invitation.id);
      expect(JSON.stringify(listed.body)).not.toContain('/invite/');
      expect((await api('DELETE', `/invitations/${created.body.invitation.id}`)).status).toBe(204);
      expectProblem(await api('DELETE', `/invitations/${created.body.invitation.id}`), 404, 'invitation_not_found');
    });

    it('refuses a bad address, an unknown group and an address that has an account, writing nothing', async () => {
      const before = (await api('GET', '/invitations')).body.invitations.length;
      expectProblem(await api('POST', '/invitations', { body: { email: 'not an address' } }), 400, 'email_invalid');
      expectProblem(await api('POST', '/invitations', { body: { email: 'x@example.com', groups: ['nogroup'] } }), 404, 'group_not_found');
      expectProblem(await api('POST', '/invitations', { body: { email: 'ann@example.com' } }), 409, 'email_has_account');
      expectProblem(await api('POST', '/invitations', { body: { email: 'x@example.com', expires: '1y' } }), 400, 'duration_invalid');
      expect((await api('GET', '/invitations')).body.invitations.length).toBe(before);
    });
  });

  describe('requests the API cannot take', () => {
    it('answers 4xx problem details, never a 500', async () => {
      expectProblem(await api('POST', '/groups', { rawBody: '{"name":', headers: { 'content-type': 'application/json' } }), 400, 'bad_request');
      expectProblem(await api('POST', '/groups', { rawBody: '[1,2]', headers: { 'content-type': 'application/json' } }), 400, 'bad_request');
      expectProblem(await api('POST', '/groups', { rawBody: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported_media_type');
      expectProblem(await api('POST', '/groups', { rawBody: JSON.stringify({ name: 'x'.repeat(70_000) }), headers: { 'content-type': 'application/json' } }), 413, 'body_too_large');
      expectProblem(await api('GET', '/nothing-here'), 404, 'not_found');
      expectProblem(await api('PUT', '/apps'), 404, 'not_found');
      expectProblem(await api('GET', '/people/%E0%A4%A'), 404, 'not_found');
      expectProblem(await api('POST', '/groups', { body: { name: { $gt: '' } } }), 400, 'invalid_request');
      expectProblem(await api('POST', '/groups', { rawBody: '{"name":"protoed","__proto__":{"isDefault":true}}', headers: { 'content-type': 'application/json' } }), 400, 'invalid_request');
      expect(await provider.store.groups.findByName('protoed')).toBeNull();
    });
  });

  describe('OpenAPI document', () => {
    it('is OpenAPI 3.1, served without a key, and describes every endpoint', async () => {
      const response = await fetch(`${provider.origin}/api/admin/v1/openapi.json`);
      expect(response.status).toBe(200);
      const document = await response.json() as any;
      expect(document.openapi).toBe('3.1.0');
      expect(document.servers).toEqual([{ url: `${provider.issuer}/api/admin/v1` }]);
      const operations = Object.values(document.paths as Record<string, Record<string, { operationId: string }>>).flatMap((item) => Object.values(item).map((op) => op.operationId));
      expect(operations).toEqual(expect.arrayContaining(['createApp', 'updateApp', 'rotateAppSecret', 'listPeople', 'updatePerson', 'addGroupMember', 'createInvitation', 'setPersonClaim']));
    });

    // Last: it checks what every test above received.
    it('describes every response the tests above received', async () => {
      const document = await (await fetch(`${provider.origin}/api/admin/v1/openapi.json`)).json() as any;
      const ajv = new Ajv2020({ strict: false, validateSchema: false, allErrors: true });
      addFormats.default(ajv);
      ajv.addSchema(document, 'openapi');
      const templates = Object.keys(document.paths).map((template: string) => ({
        template,
        pattern: new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`),
      }));
      const pointer = (...parts: string[]) => `openapi#/${parts.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
      // Ensure the check can fail: a body missing required fields is refused.
      expect(ajv.getSchema('openapi#/components/schemas/App')!({ name: 'no client id' })).toBe(false);
      expect(ajv.getSchema('openapi#/components/schemas/Problem')!({ status: 400 })).toBe(false);
      const failures: string[] = [];
      expect(client.recorded.length).toBeGreaterThan(80);
      for (const response of client.recorded) {
        if (response.status >= 500) failures.push(`${response.method} ${response.path}: ${response.status}`);
        const template = templates.find(({ pattern }) => pattern.test(response.path))?.template;
        const operation = template ? document.paths[template][response.method.toLowerCase()] : undefined;
        const declared = operation?.responses[String(response.status)] ? String(response.status) : 'default';
        let ref: string;
        if (!operation) ref = 'openapi#/components/schemas/Problem';
        else if (response.status === 204) continue;
        else {
          const media = response.contentType.split(';')[0]!;
          if (!operation.responses[declared]?.content?.[media]) {
            failures.push(`${response.method} ${response.path} ${response.status}: ${media} not documented`);
            continue;
          }
          ref = pointer('paths', template!, response.method.toLowerCase(), 'responses', declared, 'content', media, 'schema');
        }
        const validate = ajv.getSchema(ref);
        if (!validate) throw new Error(`no schema at ${ref}`);
        if (!validate(response.body)) failures.push(`${response.method} ${response.path} ${response.status}: ${ajv.errorsText(validate.errors)}`);
      }
      expect(failures).toEqual([]);
    });
  });
});
