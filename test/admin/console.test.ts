/**
 * The administration console at /admin over HTTP, with the software authenticator: every route's
 * refusals (signed out → the account page's sign-in, not an administrator → 403, a destructive
 * action without a fresh passkey confirmation → refused, a cross-site POST → refused, invalid input
 * → 4xx naming the field, with nothing changed), and what each page does through the services the
 * admin API uses: recorded in the audit trail, mailing the person a change concerns.
 */
import { randomBytes } from 'node:crypto';

import { createGroup } from '../../src/access/groups.js';
import { stepTable } from '../../src/stepTable.js';
import { BrowserSession } from '../support/browserSession.js';
import { lastMailTo } from '../support/journeys.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';
import { confirmWithPasskey, expectOk, newPerson, signInOnAccountPage, testClock, type Person } from '../account/accountJourneys.js';

const consoleRows = stepTable.filter((row) => row.path === '/admin' || row.path.startsWith('/admin/'));
const name = (row: { method: string; path: string }) => `${row.method} ${row.path}`;

/** A body of the row's shape (a removal's box ticked), so that only the guard can refuse it. */
function bodyFor(row: (typeof consoleRows)[number]): Record<string, string> {
  return Object.fromEntries(Object.entries(row.body)
    .filter(([field, type]) => type === 'string' || field === 'confirm')
    .map(([field]) => [field, field === 'confirm' ? 'yes' : 'x']));
}

describe('the administration console', () => {
  let provider: TestProvider;
  let app: RelyingApp;
  let admin: Person;
  let member: Person;
  let clientId: string;
  const clock = testClock();
  const params: Record<string, string> = {};

  const concrete = (path: string) => path.replace(/:(\w+)/g, (_match, param: string) => encodeURIComponent(params[param] ?? 'unknown'));

  async function auditActions(): Promise<string[]> {
    const events = await provider.store.audit.list({ types: ['admin_action'], limit: 500 });
    return events.map((event) => String(event.detail.action));
  }

  /** The console's own record of a change: its action, by the administrator signed in. */
  async function recorded(action: string) {
    const events = await provider.store.audit.list({ types: ['admin_action'], limit: 500 });
    return events.filter((event) => event.detail.action === action && event.actor === `admin:${admin.sub}`);
  }

  async function fresh(person: Person = admin): Promise<void> {
    expectOk(await confirmWithPasskey(provider, person));
  }

  beforeAll(async () => {
    provider = await startTestProvider({ now: clock.now });
    const registered = await registerClient(provider.store, { name: 'Notes' });
    clientId = registered.clientId;
    app = await RelyingApp.discover(provider.issuer, registered);
    admin = await newPerson(provider, app, 'admin@example.com');
    await provider.store.people.update(admin.sub, { isAdmin: true });
    member = await newPerson(provider, app, 'member@example.com');
    await createGroup({ store: provider.store, randomBytes: (size) => randomBytes(size) }, { name: 'staff' });
    Object.assign(params, { clientId, id: member.sub, name: 'staff' });
  }, 120_000);
  afterAll(() => provider.close());

  describe('refusals, on every console route', () => {
    it('has rows for the console\'s pages, each guarded as an administrator', () => {
      const paths = new Set(consoleRows.map((row) => row.path.split('/')[2] ?? ''));
      expect([...paths].sort()).toEqual(['', 'api-keys', 'apps', 'groups', 'invitations', 'people']);
      expect(consoleRows.filter((row) => row.guard !== 'admin' && row.guard !== 'adminFresh').map(name)).toEqual([]);
    });

    it('sends a signed-out browser opening a page to the account sign-in, which returns to that page', async () => {
      const stranger = new BrowserSession(provider.origin);
      for (const row of consoleRows.filter((r) => r.method === 'GET')) {
        const hop = await stranger.get(concrete(row.path));
        const back = new URL(concrete(row.path), provider.issuer).pathname;
        expect({ row: name(row), status: hop.status, location: hop.location })
          .toEqual({ row: name(row), status: 303, location: `${provider.issuer}/account?return=${encodeURIComponent(back)}` });
      }
      const signIn = await stranger.get('/account?return=%2Fadmin%2Fapps');
      expect(signIn.body).toContain('data-return="/admin/apps"');
      // The account page takes back only a console path.
      for (const elsewhere of ['https://evil.example/admin', '//evil.example/admin', '/admin//evil.example', '/account']) {
        expect((await stranger.get(`/account?return=${encodeURIComponent(elsewhere)}`)).body).not.toContain('data-return');
      }
    });

    it('refuses every POST from a signed-out browser, changing nothing', async () => {
      const stranger = new BrowserSession(provider.origin);
      const before = await auditActions();
      for (const row of consoleRows.filter((r) => r.method === 'POST')) {
        const hop = await stranger.postJson(concrete(row.path), bodyFor(row));
        expect({ row: name(row), status: hop.status, error: hop.json?.error }).toEqual({ row: name(row), status: 401, error: 'account_signed_out' });
      }
      expect(await auditActions()).toEqual(before);
    });

    it('answers someone signed in who is not an administrator with a plain 403 page, on every route', async () => {
      const before = await auditActions();
      for (const row of consoleRows) {
        const hop = row.method === 'GET' ? await member.browser.get(concrete(row.path)) : await member.browser.postForm(concrete(row.path), bodyFor(row));
        expect({ row: name(row), status: hop.status }).toEqual({ row: name(row), status: 403 });
        expect(hop.headers.get('content-type')).toMatch(/^text\/html/);
        expect(hop.body).toContain('Only administrators can open the administration console');
      }
      expect(await auditActions()).toEqual(before);
      expect((await provider.store.people.findById(member.sub))!.disabledAt).toBeNull();
    });

    it('refuses someone who is an administrator no longer, at the next request', async () => {
      const other = await newPerson(provider, app, 'former@example.com');
      await provider.store.people.update(other.sub, { isAdmin: true });
      expect((await other.browser.get('/admin')).status).toBe(200);
      await provider.store.people.update(other.sub, { isAdmin: false });
      expect((await other.browser.get('/admin')).status).toBe(403);
    });

    it('refuses every destructive action without a fresh passkey confirmation, changing nothing', async () => {
      clock.advance(6 * 60_000);
      const destructive = consoleRows.filter((row) => row.guard === 'adminFresh');
      expect(destructive.map(name).sort()).toEqual([
        'POST /admin/api-keys/:id/revoke', 'POST /admin/apps/:clientId/remove', 'POST /admin/apps/:clientId/secret',
        'POST /admin/groups/:name/remove', 'POST /admin/people/:id/disable', 'POST /admin/people/:id/remove',
      ]);
      const before = { audit: await auditActions(), app: await provider.store.oidc.find('Client', clientId), member: await provider.store.people.findById(member.sub) };
      for (const row of destructive) {
        const hop = await admin.browser.postForm(concrete(row.path), bodyFor(row));
        expect({ row: name(row), status: hop.status }).toEqual({ row: name(row), status: 401 });
        expect(hop.body).toContain('fresh confirmation with your passkey');
      }
      expect(await auditActions()).toEqual(before.audit);
      expect(await provider.store.oidc.find('Client', clientId)).toEqual(before.app);
      expect(await provider.store.people.findById(member.sub)).toEqual(before.member);
    });

    it('refuses a cross-site POST to every console route before anything else', async () => {
      await fresh();
      for (const row of consoleRows.filter((r) => r.method === 'POST')) {
        const hop = await admin.browser.postForm(concrete(row.path), bodyFor(row), { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' });
        expect({ row: name(row), status: hop.status }).toEqual({ row: name(row), status: 403 });
      }
      expect(await provider.store.oidc.find('Client', clientId)).not.toBeNull();
      expect((await provider.store.people.findById(member.sub))!.disabledAt).toBeNull();
    });
  });

  describe('apps', () => {
    const form = {
      name: 'Wiki', redirectUris: 'https://wiki.example/callback\nhttps://wiki.example/other', postLogoutRedirectUris: '',
      logoUri: '', launchUri: 'https://wiki.example/', allowedGroups: '', claims: '',
    };

    it('lists the apps', async () => {
      const page = expectOk(await admin.browser.get('/admin/apps'));
      expect(page.body).toContain('Notes');
      expect(page.body).toContain(clientId);
    });

    it('registers an app and shows its copy-ready summary with the secret, this once', async () => {
      const page = expectOk(await admin.browser.postForm('/admin/apps', { ...form, allowedGroups: 'staff', firstParty: 'yes' }));
      const id = /id="summary-client-id">([^<]+)</.exec(page.body)![1]!;
      const secret = /id="summary-secret">([^<]+)</.exec(page.body)![1]!;
      const stored = (await provider.store.oidc.find('Client', id))!;
      expect(stored.client_secret).toBe(secret);
      expect(stored.redirect_uris).toEqual(['https://wiki.example/callback', 'https://wiki.example/other']);
      expect(stored.client_uri).toBe('https://wiki.example/');
      expect(stored.first_party).toBe(true);
      expect(page.body).toContain(`id="summary-issuer">${provider.issuer}<`);
      expect(page.body).toContain(`${provider.issuer}/.well-known/openid-configuration`);
      expect(page.body).toContain(`OIDC_CLIENT_SECRET=${secret}`);
      expect(page.headers.get('cache-control')).toBe('no-store');
      // The app's own page never shows the secret again.
      const shown = expectOk(await admin.browser.get(`/admin/apps/${id}`));
      expect(shown.body).not.toContain(secret);
      expect(shown.body).toContain('value="staff"');
      expect(await auditActions()).toContain('app.create');
      params.newApp = id;
    });

    it('refuses a bad redirect URI next to its field, keeps what was typed, and registers nothing', async () => {
      const before = (await provider.store.oidc.list('Client')).length;
      const page = await admin.browser.postForm('/admin/apps', { ...form, name: 'Typo', redirectUris: 'http://typo.example/callback', claims: 'team' });
      expect(page.status).toBe(400);
      expect(page.body).toMatch(/<textarea id="redirectUris" name="redirectUris"[^>]*aria-invalid="true"[^>]*aria-describedby="redirectUris-hint redirectUris-error"/);
      expect(page.body).toContain('id="redirectUris-error">“http://typo.example/callback” cannot be used');
      expect(page.body).toContain('value="Typo"');
      expect(page.body).toContain('value="team"');
      expect((await provider.store.oidc.list('Client')).length).toBe(before);
    });

    it('refuses an unknown group as the allowed groups field, registering nothing', async () => {
      const before = (await provider.store.oidc.list('Client')).length;
      const page = await admin.browser.postForm('/admin/apps', { ...form, allowedGroups: 'nobody-here' });
      expect(page.status).toBe(400);
      expect(page.body).toMatch(/id="allowedGroups"[^>]*aria-invalid="true"/);
      expect(page.body).toContain('There is no group with that name.');
      expect((await provider.store.oidc.list('Client')).length).toBe(before);
    });

    it('changes an app\'s settings, and refuses a bad launch URL changing nothing', async () => {
      const saved = await admin.browser.postForm(`/admin/apps/${params.newApp}`, { ...form, name: 'Team Wiki', postLogoutRedirectUris: 'https://wiki.example/bye' });
      expect(saved.status).toBe(303);
      expect(saved.location).toBe(`${provider.issuer}/admin/apps/${params.newApp}?done=app-saved`);
      const stored = (await provider.store.oidc.find('Client', params.newApp!))!;
      expect(stored.client_name).toBe('Team Wiki');
      expect(stored.post_logout_redirect_uris).toEqual(['https://wiki.example/bye']);
      expect((await admin.browser.get(saved.location!)).body).toContain('The app’s settings are saved.');

      const refused = await admin.browser.postForm(`/admin/apps/${params.newApp}`, { ...form, name: 'Renamed', launchUri: 'javascript:alert(1)' });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatch(/id="launchUri"[^>]*aria-invalid="true"/);
      expect(refused.body).toContain('value="Renamed"');
      expect((await provider.store.oidc.find('Client', params.newApp!))!.client_name).toBe('Team Wiki');
    });

    it('refuses a save from a form older than the app\'s settings, keeping what was typed, and saves it once sent again', async () => {
      const versionOf = (body: string) => /name="version" value="([^"]+)"/.exec(body)![1]!;
      const opened = versionOf(expectOk(await admin.browser.get(`/admin/apps/${params.newApp}`)).body);
      // Someone else saves the app meanwhile, from a form of their own.
      const other = await admin.browser.postForm(`/admin/apps/${params.newApp}`, { ...form, name: 'Wiki of the team', version: opened });
      expect(other.status).toBe(303);

      const late = await admin.browser.postForm(`/admin/apps/${params.newApp}`, { ...form, name: 'My Wiki', launchUri: 'https://wiki.example/start', version: opened });
      expect(late.status).toBe(409);
      expect(late.body).toContain('Someone else saved this app while you were editing it');
      expect(late.body).toContain('value="My Wiki"');
      expect(late.body).toContain('value="https://wiki.example/start"');
      expect(late.body).toMatch(/<dt>Name<\/dt><dd>Wiki of the team<\/dd>/);
      expect((await provider.store.oidc.find('Client', params.newApp!))!.client_name).toBe('Wiki of the team');

      const again = await admin.browser.postForm(`/admin/apps/${params.newApp}`, { ...form, name: 'My Wiki', version: versionOf(late.body) });
      expect(again.status).toBe(303);
      expect((await provider.store.oidc.find('Client', params.newApp!))!.client_name).toBe('My Wiki');
    });

    it('rotates the secret with an overlap, shown once, after a fresh confirmation', async () => {
      await fresh();
      const old = (await provider.store.oidc.find('Client', params.newApp!))!.client_secret;
      const page = expectOk(await admin.browser.postForm(`/admin/apps/${params.newApp}/secret`, { overlap: '1d' }));
      const secret = /id="summary-secret">([^<]+)</.exec(page.body)![1]!;
      const stored = (await provider.store.oidc.find('Client', params.newApp!))!;
      expect(stored.client_secret).toBe(secret);
      expect(secret).not.toBe(old);
      expect(page.body).toContain('The previous secret keeps working until');
      const refused = await admin.browser.postForm(`/admin/apps/${params.newApp}/secret`, { overlap: 'forever' });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatch(/id="overlap"[^>]*aria-invalid="true"/);
      expect((await provider.store.oidc.find('Client', params.newApp!))!.client_secret).toBe(secret);
    });

    it('removes an app only with the box ticked', async () => {
      await fresh();
      const unticked = await admin.browser.postForm(`/admin/apps/${params.newApp}/remove`, {});
      expect(unticked.status).toBe(400);
      expect(unticked.body).toMatch(/id="remove-app-confirm"[^>]*aria-invalid="true"/);
      expect(await provider.store.oidc.find('Client', params.newApp!)).not.toBeNull();
      const removed = await admin.browser.postForm(`/admin/apps/${params.newApp}/remove`, { confirm: 'yes' });
      expect(removed.location).toBe(`${provider.issuer}/admin/apps?done=app-removed`);
      expect(await provider.store.oidc.find('Client', params.newApp!)).toBeNull();
      expect((await admin.browser.get(`/admin/apps/${params.newApp}`)).status).toBe(404);
      expect(await auditActions()).toEqual(expect.arrayContaining(['app.update', 'app.rotate_secret', 'app.remove']));
    });
  });
  describe('people', () => {
    it('lists people and finds them by part of the address', async () => {
      const all = expectOk(await admin.browser.get('/admin/people'));
      expect(all.body).toContain('member@example.com');
      expect(all.body).toContain('admin@example.com');
      const found = expectOk(await admin.browser.get('/admin/people?search=MEMBER'));
      expect(found.body).toContain('member@example.com');
      expect(found.body).not.toContain('admin@example.com</a>');
      expect(found.body).toContain('value="MEMBER"');
    });

    it('shows a person with their groups and passkeys, and answers 404 for an unknown one', async () => {
      await provider.store.groups.addMember((await provider.store.groups.findByName('staff'))!.id, member.sub);
      const page = expectOk(await admin.browser.get(`/admin/people/${member.sub}`));
      expect(page.body).toContain('id="person-email">member@example.com<');
      expect(page.body).toContain('>staff</a>');
      expect((await admin.browser.get('/admin/people/nobody')).status).toBe(404);
    });

    it('mails a recovery link (never shown) and signs the person out everywhere', async () => {
      const mailed = await admin.browser.postForm(`/admin/people/${member.sub}/recovery-link`, {});
      expect(mailed.location).toBe(`${provider.issuer}/admin/people/${member.sub}?done=recovery-sent`);
      const mail = await lastMailTo(provider, 'member@example.com');
      expect(mail.text).toContain(`${provider.issuer}/recover/`);
      expect((await admin.browser.get(mailed.location!)).body).not.toContain('/recover/');
      const ended = await admin.browser.postForm(`/admin/people/${member.sub}/end-sessions`, {});
      expect(ended.location).toBe(`${provider.issuer}/admin/people/${member.sub}?done=sessions-ended`);
      expect((await member.browser.get('/account')).body).toContain('data-account="signed-out"');
      expect(await recorded('person.recovery_link')).toHaveLength(1);
      expect(await recorded('person.end_sessions')).toHaveLength(1);
    });

    it('disables a person after a fresh confirmation, tells them by mail, and enables them again', async () => {
      await fresh();
      const disabled = await admin.browser.postForm(`/admin/people/${member.sub}/disable`, {});
      expect(disabled.location).toBe(`${provider.issuer}/admin/people/${member.sub}?done=person-disabled`);
      expect((await provider.store.people.findById(member.sub))!.disabledAt).not.toBeNull();
      expect((await lastMailTo(provider, 'member@example.com')).subject).toMatch(/disabled/);
      const [event] = await recorded('person.disable');
      expect(event).toMatchObject({ personId: member.sub, actor: `admin:${admin.sub}` });
      expect(event!.ip).toBeTruthy();
      const page = expectOk(await admin.browser.get(disabled.location!));
      expect(page.body).toContain('id="person-status">Disabled<');
      expect(page.body).toContain('The account is disabled and signed out everywhere.');
      // Their passkey signs them in nowhere now: not on the account page, not to an app.
      const refused = await signInOnAccountPage(provider, new BrowserSession(provider.origin), member.authenticator);
      expect({ status: refused.status, error: refused.json?.error }).toEqual({ status: 403, error: 'account_disabled' });

      const enabled = await admin.browser.postForm(`/admin/people/${member.sub}/enable`, {});
      expect(enabled.location).toBe(`${provider.issuer}/admin/people/${member.sub}?done=person-enabled`);
      expect((await provider.store.people.findById(member.sub))!.disabledAt).toBeNull();
    });

    it('refuses an administrator disabling or removing their own account, saying why, with nothing changed', async () => {
      await fresh();
      for (const [action, body] of [['disable', {}], ['remove', { confirm: 'yes' }]] as const) {
        const refused = await admin.browser.postForm(`/admin/people/${admin.sub}/${action}`, body);
        expect(refused.status).toBe(409);
        expect(refused.body).toContain('You cannot disable or remove the account you are signed in with.');
      }
      expect(await provider.store.people.findById(admin.sub)).toMatchObject({ isAdmin: true, disabledAt: null });
      expect(await recorded('person.disable')).toEqual(expect.not.arrayContaining([expect.objectContaining({ personId: admin.sub })]));
    });

    it('removes a person only with the box ticked', async () => {
      const leaving = await newPerson(provider, app, 'leaving@example.com');
      await fresh();
      const unticked = await admin.browser.postForm(`/admin/people/${leaving.sub}/remove`, {});
      expect(unticked.status).toBe(400);
      expect(unticked.body).toMatch(/id="remove-person-confirm"[^>]*aria-invalid="true"/);
      expect(await provider.store.people.findById(leaving.sub)).not.toBeNull();
      const removed = await admin.browser.postForm(`/admin/people/${leaving.sub}/remove`, { confirm: 'yes' });
      expect(removed.location).toBe(`${provider.issuer}/admin/people?done=person-removed`);
      expect(await provider.store.people.findById(leaving.sub)).toBeNull();
    });
  });

  describe('groups', () => {
    it('creates a group, refusing a bad or taken name next to the field', async () => {
      const bad = await admin.browser.postForm('/admin/groups', { name: 'Not A Name!', description: 'Typed text' });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatch(/id="name"[^>]*aria-invalid="true"/);
      expect(bad.body).toContain('value="Typed text"');
      expect(await provider.store.groups.findByName('not a name!')).toBeNull();
      const taken = await admin.browser.postForm('/admin/groups', { name: 'staff' });
      expect(taken.status).toBe(400);
      expect(taken.body).toContain('There is already a group with that name.');

      const created = await admin.browser.postForm('/admin/groups', { name: 'family', description: 'Close ones', isDefault: 'yes' });
      expect(created.location).toBe(`${provider.issuer}/admin/groups/family?done=group-created`);
      expect(await provider.store.groups.findByName('family')).toMatchObject({ description: 'Close ones', isDefault: true });
    });

    it('adds a member by address, refuses an address without an account, and removes a member', async () => {
      const unknown = await admin.browser.postForm('/admin/groups/family/members', { email: 'nobody@example.com' });
      expect(unknown.status).toBe(400);
      expect(unknown.body).toMatch(/id="email"[^>]*aria-invalid="true"/);
      expect(unknown.body).toContain('value="nobody@example.com"');
      const group = (await provider.store.groups.findByName('family'))!;
      expect(await provider.store.groups.listMembers(group.id)).toEqual([]);

      const added = await admin.browser.postForm('/admin/groups/family/members', { email: 'member@example.com' });
      expect(added.location).toBe(`${provider.issuer}/admin/groups/family?done=member-added`);
      expect(await provider.store.groups.listMembers(group.id)).toEqual([member.sub]);
      expect(expectOk(await admin.browser.get('/admin/groups/family')).body).toContain('member@example.com');
      const removed = await admin.browser.postForm('/admin/groups/family/members/remove', { id: member.sub });
      expect(removed.location).toBe(`${provider.issuer}/admin/groups/family?done=member-removed`);
      expect(await provider.store.groups.listMembers(group.id)).toEqual([]);
      expect(await recorded('group.member.add')).toHaveLength(1);
      expect(await recorded('group.member.remove')).toHaveLength(1);
    });

    it('changes whether new accounts join, and removes a group only with the box ticked', async () => {
      const saved = await admin.browser.postForm('/admin/groups/family/settings', { description: 'Close ones' });
      expect(saved.location).toBe(`${provider.issuer}/admin/groups/family?done=group-saved`);
      expect((await provider.store.groups.findByName('family'))!.isDefault).toBe(false);
      await fresh();
      expect((await admin.browser.postForm('/admin/groups/family/remove', {})).status).toBe(400);
      expect(await provider.store.groups.findByName('family')).not.toBeNull();
      const removed = await admin.browser.postForm('/admin/groups/family/remove', { confirm: 'yes' });
      expect(removed.location).toBe(`${provider.issuer}/admin/groups?done=group-removed`);
      expect(await provider.store.groups.findByName('family')).toBeNull();
      expect((await admin.browser.get('/admin/groups/family')).status).toBe(404);
    });
  });

  describe('invitations', () => {
    it('invites someone into a group by mail, and refuses a bad address or group next to the field', async () => {
      const bad = await admin.browser.postForm('/admin/invitations', { email: 'not-an-address', groups: 'staff' });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatch(/id="email"[^>]*aria-invalid="true"/);
      expect(bad.body).toContain('value="not-an-address"');
      const noGroup = await admin.browser.postForm('/admin/invitations', { email: 'new@example.com', groups: 'staff, ghosts' });
      expect(noGroup.status).toBe(400);
      expect(noGroup.body).toMatch(/id="groups"[^>]*aria-invalid="true"/);
      const taken = await admin.browser.postForm('/admin/invitations', { email: 'member@example.com' });
      expect(taken.status).toBe(400);
      expect(await provider.store.invitations.list()).toEqual([]);

      const mailed = await admin.browser.postForm('/admin/invitations', { email: 'new@example.com', groups: 'staff', expires: '7d', delivery: 'mail' });
      expect(mailed.location).toBe(`${provider.issuer}/admin/invitations?done=invitation-mailed`);
      const mail = await lastMailTo(provider, 'new@example.com');
      expect(mail.text).toContain(`${provider.issuer}/invite/`);
      const page = expectOk(await admin.browser.get('/admin/invitations'));
      expect(page.body).toContain('new@example.com');
      expect(page.body).not.toContain('/invite/');
    });

    it('shows the link once when the administrator hands it over, and revokes an invitation', async () => {
      const page = expectOk(await admin.browser.postForm('/admin/invitations', { email: 'handed@example.com', delivery: 'link', administrator: 'yes' }));
      const link = /id="invitation-link" type="text" readonly value="([^"]+)"/.exec(page.body)![1]!;
      expect(link.startsWith(`${provider.issuer}/invite/`)).toBe(true);
      expect((await new BrowserSession(provider.origin).get(new URL(link).pathname)).status).toBe(200);
      const invitation = (await provider.store.invitations.list()).find((one) => one.email === 'handed@example.com')!;
      expect(invitation.isAdmin).toBe(true);
      expect(invitation.createdBy).toBe(admin.sub);

      const revoked = await admin.browser.postForm(`/admin/invitations/${invitation.id}/revoke`, {});
      expect(revoked.location).toBe(`${provider.issuer}/admin/invitations?done=invitation-revoked`);
      expect((await new BrowserSession(provider.origin).get(new URL(link).pathname)).body).toContain('not valid any more');
      expect((await admin.browser.postForm(`/admin/invitations/${invitation.id}/revoke`, {})).status).toBe(404);
    });
  });

  describe('API keys', () => {
    it('creates a key shown once that the API takes, refuses a bad name, and revokes it at once', async () => {
      const bad = await admin.browser.postForm('/admin/api-keys', { name: ' ', scope: 'read-write' });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatch(/id="name"[^>]*aria-invalid="true"/);
      expect(await provider.store.apiKeys.list()).toEqual([]);

      const page = expectOk(await admin.browser.postForm('/admin/api-keys', { name: 'deploy script', scope: 'read-only', expires: '30d' }));
      const key = /id="api-key" type="text" readonly value="([^"]+)"/.exec(page.body)![1]!;
      const call = () => fetch(`${provider.origin}/api/admin/v1/apps`, { headers: { Authorization: `Bearer ${key}` } });
      expect((await call()).status).toBe(200);
      const [stored] = await provider.store.apiKeys.list();
      expect(stored).toMatchObject({ name: 'deploy script', scope: 'read-only', createdBy: admin.sub });
      const listed = expectOk(await admin.browser.get('/admin/api-keys'));
      expect(listed.body).not.toContain(key);
      expect(listed.body).toContain('admin@example.com');

      await fresh();
      const revoked = await admin.browser.postForm(`/admin/api-keys/${stored!.id}/revoke`, {});
      expect(revoked.location).toBe(`${provider.issuer}/admin/api-keys?done=key-revoked`);
      expect((await call()).status).toBe(401);
      expect(await recorded('api_key.create')).toHaveLength(1);
      expect(await recorded('api_key.revoke')).toHaveLength(1);
    });
  });
});
