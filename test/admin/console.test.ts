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
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';
import { confirmWithPasskey, expectOk, newPerson, testClock, type Person } from '../account/accountJourneys.js';

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
  });
  afterAll(() => provider.close());

  describe('refusals, on every console route', () => {
    it('has rows for the console\'s pages, each guarded as an administrator', () => {
      const paths = new Set(consoleRows.map((row) => row.path.split('/')[2] ?? ''));
      expect([...paths].sort()).toEqual(['', 'apps']);
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
      expect(destructive.map(name).sort()).toEqual(['POST /admin/apps/:clientId/remove', 'POST /admin/apps/:clientId/secret']);
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
});
