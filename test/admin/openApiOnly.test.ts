/**
 * The admin API driven as a script would drive it, knowing nothing but the address of its OpenAPI
 * document: every call is found there by its operationId (method, path, path parameters, where the
 * key goes), every request body is checked against the document before it is sent, and every answer
 * against the document's schema for its status. The script registers an app, creates a group and
 * invites a person into it; the person accepts and shows up in the group, and the app signs people in.
 * Then: a read-only key is refused by every operation that would change something, and changes
 * nothing; a key revoked with `idp api-keys revoke` is refused on the very next request.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

import { runCli } from '../../src/cli/run.js';
import { startRedemption, finishRedemption } from '../access/invitationLinks.js';
import { RelyingApp } from '../support/relyingApp.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtpCapture.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

interface Operation { method: string; template: string; parameters: Array<{ name: string; in: string; required?: boolean }>; spec: any }

/** A client that knows the API only from its document. */
async function clientFromDocument(documentUrl: string) {
  const documentResponse = await fetch(documentUrl);
  expect(documentResponse.status).toBe(200);
  const document = await documentResponse.json() as any;
  const server: string = document.servers[0].url;
  // The document says how to authenticate: an HTTP bearer scheme.
  const schemeName = Object.keys(document.security[0])[0]!;
  expect(document.components.securitySchemes[schemeName]).toMatchObject({ type: 'http', scheme: 'bearer' });

  const ajv = new Ajv2020({ strict: false, validateSchema: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(document, 'openapi');
  const pointer = (...parts: string[]) => `openapi#/${parts.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
  const check = (ref: string, value: unknown, what: string) => {
    const validate = ajv.getSchema(ref);
    if (!validate) throw new Error(`the document has no schema for ${what}`);
    if (!validate(value)) throw new Error(`${what} does not match the document: ${ajv.errorsText(validate.errors)}`);
  };

  const operations = new Map<string, Operation>();
  for (const [template, item] of Object.entries(document.paths as Record<string, Record<string, any>>)) {
    for (const [method, spec] of Object.entries(item)) {
      operations.set(spec.operationId, { method: method.toUpperCase(), template, parameters: spec.parameters ?? [], spec });
    }
  }

  async function call(operationId: string, key: string, input: { params?: Record<string, string>; body?: unknown } = {}) {
    const operation = operations.get(operationId);
    if (!operation) throw new Error(`the document has no operation ${operationId}`);
    const { method, template, parameters, spec } = operation;
    const path = template.replace(/\{(\w+)\}/g, (_match, name: string) => {
      if (!parameters.some((p) => p.in === 'path' && p.name === name)) throw new Error(`${operationId}: {${name}} is not a documented path parameter`);
      const value = input.params?.[name];
      if (value === undefined) throw new Error(`${operationId} needs the path parameter ${name}`);
      return encodeURIComponent(value);
    });
    const headers: Record<string, string> = { authorization: `Bearer ${key}` };
    let body: string | undefined;
    if (spec.requestBody) {
      check(pointer('paths', template, method.toLowerCase(), 'requestBody', 'content', 'application/json', 'schema'), input.body, `the body of ${operationId}`);
      headers['content-type'] = 'application/json';
      body = JSON.stringify(input.body);
    } else if (input.body !== undefined) {
      throw new Error(`${operationId} takes no body`);
    }
    const response = await fetch(`${server}${path}`, { method, headers, body });
    const text = await response.text();
    const parsed: any = text ? JSON.parse(text) : null;
    const declared = spec.responses[String(response.status)] ? String(response.status) : 'default';
    const media = (response.headers.get('content-type') ?? '').split(';')[0]!;
    if (response.status !== 204) {
      if (!spec.responses[declared]?.content?.[media]) throw new Error(`${operationId} ${response.status}: ${media} is not documented`);
      check(pointer('paths', template, method.toLowerCase(), 'responses', declared, 'content', media, 'schema'), parsed, `${operationId}'s ${response.status} answer`);
    }
    return { status: response.status, body: parsed };
  }

  return { document, operations, call };
}

describe('the admin API, knowing only its OpenAPI document', () => {
  let provider: TestProvider;
  let smtp: SmtpCapture;

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    provider = await startTestProvider({ settings: { smtpUrl: smtp.url, signUp: 'invite' } });
  });
  afterAll(async () => {
    await provider.close();
    await smtp.close();
  });

  /** `idp ARGS...` against the provider's store, as an operator on its machine runs it. */
  async function idp(...argv: string[]): Promise<string> {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, {
      openStore: async () => provider.store,
      openMail: async () => { throw new Error('these commands send no mail'); },
      out: (text) => { stdout += text; },
      err: (text) => { stderr += text; },
    });
    if (code !== 0) throw new Error(`idp ${argv.join(' ')} exited ${code}: ${stderr}`);
    return stdout;
  }
  const newKey = async (...flags: string[]) => JSON.parse(await idp('api-keys', 'create', '--name', 'script', ...flags, '--json')) as { id: string; key: string };

  it('registers an app, creates a group and invites a person into it; the person joins it and the app signs people in', async () => {
    const { key } = await newKey();
    const api = await clientFromDocument(`${provider.issuer}/api/admin/v1/openapi.json`);

    const registered = await api.call('createApp', key, { body: { name: 'Team Wiki', redirectUris: ['https://wiki.example/callback'] } });
    expect(registered.status).toBe(201);
    const { clientId } = registered.body.app;
    expect(typeof registered.body.clientSecret).toBe('string');

    const group = await api.call('createGroup', key, { body: { name: 'editors', description: 'Edit the wiki' } });
    expect(group.status).toBe(201);
    expect((await api.call('updateApp', key, { params: { clientId }, body: { allowedGroups: [group.body.name] } })).status).toBe(200);

    const invited = await api.call('createInvitation', key, { body: { email: 'lin@example.com', groups: [group.body.name] } });
    expect(invited.status).toBe(201);
    expect(invited.body.invitation).toMatchObject({ email: 'lin@example.com', groups: ['editors'] });
    const listed = await api.call('listInvitations', key);
    expect(listed.body.invitations.map((invitation: { id: string }) => invitation.id)).toContain(invited.body.invitation.id);
    expect((await api.call('getApp', key, { params: { clientId } })).body).toMatchObject({ name: 'Team Wiki', allowedGroups: ['editors'] });

    // The person gets the link by mail and accepts it with a passkey.
    const mail = await smtp.mailTo('lin@example.com', '');
    const link = new RegExp(`${provider.issuer}/invite/[A-Za-z0-9_-]+`).exec(mail.text ?? '')?.[0];
    expect(link).toBeDefined();
    const accepted = await finishRedemption(new URL(link!).pathname, await startRedemption(provider, new URL(link!).pathname, 'Lin Example'));
    expect(accepted.status).toBe(200);
    const members = await api.call('listGroupMembers', key, { params: { name: 'editors' } });
    expect(members.body.members).toEqual([expect.objectContaining({ email: 'lin@example.com', name: 'Lin Example', groups: ['editors'] })]);

    // The registered app is an OpenID Connect client of the provider: its sign-in opens our page.
    const app = await RelyingApp.discover(provider.issuer, { clientId, clientSecret: registered.body.clientSecret, redirectUri: 'https://wiki.example/callback' });
    const authorization = await fetch((await app.startSignIn()).url, { redirect: 'manual' });
    expect(authorization.status).toBe(303);
    expect(authorization.headers.get('location')).toMatch(/\/interaction\/[\w-]+$/);
  });

  it('refuses every operation that changes something to a read-only key, and nothing changes', async () => {
    const { key: writer } = await newKey();
    const { key: reader } = await newKey('--read-only');
    const api = await clientFromDocument(`${provider.issuer}/api/admin/v1/openapi.json`);
    // Real things to aim at, so that a missing check would change them.
    const app = (await api.call('createApp', writer, { body: { name: 'Target App', redirectUris: ['https://target.example/cb'] } })).body.app;
    const group = (await api.call('createGroup', writer, { body: { name: 'targets' } })).body;
    const invitation = (await api.call('createInvitation', writer, { body: { email: 'target@example.com' } })).body.invitation;
    const person = (await api.call('listPeople', writer)).body.people[0];
    expect(person).toBeDefined();
    const params: Record<string, string> = { clientId: app.clientId, claim: 'department' };
    const paramsFor = (template: string) => ({
      ...params,
      name: group.name,
      id: template.startsWith('/invitations') ? invitation.id : person.id,
    });
    const bodies: Record<string, unknown> = {
      createApp: { name: 'Sneaky', redirectUris: ['https://sneaky.example/cb'] },
      updateApp: { name: 'Renamed' },
      rotateAppSecret: {},
      createGroup: { name: 'sneaky' },
      updateGroup: { isDefault: true },
      setGroupClaim: { value: 'x' },
      setPersonClaim: { value: 'x' },
      createInvitation: { email: 'sneaky@example.com' },
      updatePerson: { disabled: true },
    };

    const snapshot = async () => Promise.all(['listApps', 'listGroups', 'listInvitations', 'listPeople'].map(async (id) => (await api.call(id, writer)).body));
    const before = await snapshot();
    const auditBefore = (await provider.store.audit.list({ limit: 10_000 })).length;

    const writes = [...api.operations.entries()].filter(([, operation]) => operation.method !== 'GET');
    expect(writes.length).toBeGreaterThan(15);
    const answers = [];
    for (const [operationId, operation] of writes) {
      const body = operation.spec.requestBody ? bodies[operationId] : undefined;
      if (operation.spec.requestBody && body === undefined) throw new Error(`no body for ${operationId}: add one`);
      const answer = await api.call(operationId, reader, { params: paramsFor(operation.template), body });
      answers.push({ operationId, status: answer.status, code: answer.body?.code });
    }
    expect(answers.filter((answer) => answer.status !== 403 || answer.code !== 'api_key_read_only')).toEqual([]);
    expect(await snapshot()).toEqual(before);
    expect((await provider.store.audit.list({ limit: 10_000 })).length).toBe(auditBefore);
  });

  it('refuses a key revoked with idp api-keys revoke on the very next request', async () => {
    const { id, key } = await newKey();
    const api = await clientFromDocument(`${provider.issuer}/api/admin/v1/openapi.json`);
    expect((await api.call('listGroups', key)).status).toBe(200);
    await idp('api-keys', 'revoke', id);
    const refused = await api.call('listGroups', key);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('api_key_invalid');
    expect((await api.call('createGroup', key, { body: { name: 'after-revoke' } })).status).toBe(401);
    expect(await provider.store.groups.findByName('after-revoke')).toBeNull();
  });
});
