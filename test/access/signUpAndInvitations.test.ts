/**
 * Who may create an account, on the pages: SIGN_UP=invite offers strangers nothing and refuses the
 * sign-up steps writing nothing; SIGN_UP_EMAIL_DOMAINS limits open sign-up; an invitation link
 * lets its address create an account with a passkey, in its groups (as an administrator for
 * `idp admins invite`), once.
 */
import { randomBytes } from 'node:crypto';

import { createGroup } from '../../src/access/groups.js';
import { revokeInvitation } from '../../src/access/invitations.js';
import { BrowserSession } from '../support/browserSession.js';
import { openInteraction } from '../support/journeys.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';
import { finishRedemption, invite, raceRedemptions, startRedemption } from './invitationLinks.js';

describe('SIGN_UP=invite', () => {
  let provider: TestProvider;
  let app: RelyingApp;

  beforeAll(async () => {
    provider = await startTestProvider({ settings: { signUp: 'invite' } });
    app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store));
    await createGroup({ store: provider.store, randomBytes: (size) => randomBytes(size) }, { name: 'family' });
    await createGroup({ store: provider.store, randomBytes: (size) => randomBytes(size) }, { name: 'everyone', isDefault: true });
  });
  afterAll(() => provider.close());

  it('offers strangers no "Create an account", and refuses every sign-up step with 403, writing and mailing nothing', async () => {
    const browser = new BrowserSession(provider.origin);
    const base = await openInteraction(browser, (await app.startSignIn()).url);
    const page = await browser.get(base);
    expect(page.body).not.toContain('Create an account');
    expect(page.body).toContain('by invitation only');

    const signUpPage = await browser.get(`${base}/signup`);
    expect(signUpPage.status).toBe(403);
    expect(signUpPage.body).toContain('can only be created with an invitation');

    const mailsBefore = provider.mailer.outbox!.list().length;
    const requested = await browser.postJson(`${base}/signup`, { email: 'stranger@example.com' });
    expect(requested.status).toBe(403);
    expect(requested.json.error).toBe('sign_up_closed');
    const confirmed = await browser.postJson(`${base}/signup/code`, { code: '123456' });
    expect(confirmed.status).toBeGreaterThanOrEqual(400);
    expect(confirmed.status).toBeLessThan(500);
    expect(provider.mailer.outbox!.list().length).toBe(mailsBefore);
    expect(await provider.store.people.findByEmail('stranger@example.com')).toBeNull();
  });

  it('lets the invited address create its account with a passkey, in the invitation’s and the default groups, signed in', async () => {
    const { path } = await invite(provider, { email: 'cy@example.com', groups: ['family'] });
    const page = await new BrowserSession(provider.origin).get(path);
    expect(page.status).toBe(200);
    expect(page.body).toContain('cy@example.com');
    expect(page.body).toContain('family');

    const started = await startRedemption(provider, path, 'Cy Young');
    const created = await finishRedemption(path, started);
    expect(created.status).toBe(200);
    expect(created.json.redirectTo).toBe('/account');

    const person = (await provider.store.people.findByEmail('cy@example.com'))!;
    expect(person).toMatchObject({ name: 'Cy Young', emailVerified: true, isAdmin: false });
    expect((await provider.store.groups.listByPerson(person.id)).map((group) => group.name)).toEqual(['everyone', 'family']);
    expect(await provider.store.credentials.listByPerson(person.id)).toHaveLength(1);

    // The browser is signed in: the account page shows the account, and an app signs in without a prompt.
    const account = await started.browser.get('/account');
    expect(account.body).toContain('cy@example.com');
    const pending = await app.startSignIn();
    const callback = await started.browser.follow(pending.url, 'https://app.example');
    const tokens = await app.finishSignIn(callback.location!, pending);
    expect(tokens.claims()!.sub).toBe(person.id);
  });

  it('makes an administrator of whoever `idp admins invite` invited', async () => {
    const { path } = await invite(provider, { email: 'root@example.com', isAdmin: true });
    expect((await new BrowserSession(provider.origin).get(path)).body).toContain('administrator');
    expect((await finishRedemption(path, await startRedemption(provider, path))).status).toBe(200);
    expect((await provider.store.people.findByEmail('root@example.com'))!.isAdmin).toBe(true);
  });

  it('shows a plain page for a used, revoked, expired or made-up link, and creates nothing', async () => {
    const used = await invite(provider, { email: 'once@example.com' });
    const first = await startRedemption(provider, used.path);
    const second = await startRedemption(provider, used.path);
    expect((await finishRedemption(used.path, first)).status).toBe(200);
    const again = await finishRedemption(used.path, second);
    expect(again.status).toBe(400);
    expect(again.json.error).toBe('invitation_invalid');

    const revoked = await invite(provider, { email: 'revoked@example.com' });
    await revokeInvitation(provider.store, revoked.id);
    const expired = await invite(provider, { email: 'late@example.com', now: Date.now() - 8 * 86_400_000 });
    const peopleBefore = await provider.store.people.count();
    for (const path of [used.path, revoked.path, expired.path, `/invite/${'A'.repeat(43)}`, '/invite/short']) {
      const page = await new BrowserSession(provider.origin).get(path);
      expect(page.status).toBe(400);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(page.body).toContain('This invitation is not valid any more');
      const options = await new BrowserSession(provider.origin).postJson(`${path}/options`, {});
      expect(options.status).toBe(400);
    }
    expect(await provider.store.people.count()).toBe(peopleBefore);
  });

  it('refuses a malformed redemption with a 4xx, using nothing up', async () => {
    const { path } = await invite(provider, { email: 'careful@example.com' });
    const started = await startRedemption(provider, path);
    const bad = await started.browser.postJson(`${path}/passkey`, { ceremony: 'not a ceremony', response: started.response });
    expect(bad.status).toBe(400);
    const garbled = await started.browser.postJson(`${path}/passkey`, { ceremony: started.ceremony, response: { id: 'x' } });
    expect(garbled.status).toBe(400);
    // The invitation is still there: a fresh attempt succeeds.
    expect((await finishRedemption(path, await startRedemption(provider, path))).status).toBe(200);
  });

  it('creates exactly one account when 50 browsers redeem one link at once', async () => {
    const result = await raceRedemptions(provider, 'race@example.com');
    expect(result).toEqual({ created: 1, refused: 49, other: [] });
    expect(await provider.store.people.findByEmail('race@example.com')).not.toBeNull();
  });
});

describe('SIGN_UP=open with SIGN_UP_EMAIL_DOMAINS', () => {
  let provider: TestProvider;
  let app: RelyingApp;

  beforeAll(async () => {
    provider = await startTestProvider({ settings: { signUp: 'open', signUpEmailDomains: ['example.com'] } });
    app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store));
  });
  afterAll(() => provider.close());

  it('offers sign-up, mails a code to an allowed domain, and refuses any other domain with 403 and no mail', async () => {
    const browser = new BrowserSession(provider.origin);
    const base = await openInteraction(browser, (await app.startSignIn()).url);
    expect((await browser.get(base)).body).toContain('Create an account');
    const refused = await browser.postJson(`${base}/signup`, { email: 'someone@elsewhere.org' });
    expect(refused.status).toBe(403);
    expect(refused.json.error).toBe('email_domain_not_allowed');
    expect(provider.mailer.outbox!.list().some((mail) => mail.to === 'someone@elsewhere.org')).toBe(false);
    const allowed = await browser.postJson(`${base}/signup`, { email: 'someone@example.com' });
    expect(allowed.status).toBe(200);
  });
});
