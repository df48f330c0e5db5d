/**
 * Per-app access as a new user meets it, on an https issuer behind a proxy with SIGN_UP=invite:
 * a stranger cannot create an account; an invited person can, and lands in the invitation's group;
 * an app restricted to that group lets the member in and refuses a non-member with a plain page
 * and `access_denied` (no code); the member's ID token and userinfo carry `groups` and the custom
 * claim that app may receive, which another app does not receive; leaving the group or being
 * disabled makes refresh tokens fail at once. Shared by the SQLite and Mongo suites.
 */
import { randomBytes } from 'node:crypto';

import { changeAppAccess } from '../../src/access/appAccess.js';
import { disableAccount } from '../../src/access/accounts.js';
import { setGroupClaim } from '../../src/access/customClaims.js';
import { addMember, createGroup, removeMember } from '../../src/access/groups.js';
import { BrowserSession, type Hop } from '../support/browserSession.js';
import { openInteraction } from '../support/journeys.js';
import { registerClient, RelyingApp, type DiscoverOptions } from '../support/relyingApp.js';
import type { TestProvider } from '../support/testProvider.js';
import { finishRedemption, invite, startRedemption } from './invitationLinks.js';

const SCOPES = 'openid email profile groups offline_access';

interface Invited { browser: BrowserSession; email: string; sub: string }

/** Follows a redirect chain from the app's authorization URL as far as our pages or the app's callback. */
async function open(browser: BrowserSession, url: string): Promise<Hop> {
  return browser.follow(url, 'https://app.example');
}

export function defineAppAccessJourney(start: () => Promise<TestProvider>): void {
  let provider: TestProvider;
  let photos: RelyingApp;
  let notes: RelyingApp;
  let member: Invited;
  let outsider: Invited;

  async function invited(email: string, groups: string[]): Promise<Invited> {
    const { path } = await invite(provider, { email, groups });
    const started = await startRedemption(provider, path, email.split('@')[0]);
    const created = await finishRedemption(path, started);
    if (created.status !== 200) throw new Error(`invitation refused: ${created.body}`);
    return { browser: started.browser, email, sub: (await provider.store.people.findByEmail(email))!.id };
  }

  beforeAll(async () => {
    provider = await start();
    expect(provider.issuer.startsWith('https://')).toBe(true);
    const deps = { store: provider.store, randomBytes: (size: number) => randomBytes(size) };
    await createGroup(deps, { name: 'family' });
    await setGroupClaim(provider.store, { group: 'family', name: 'tier', value: 'gold' });
    const photosClient = await registerClient(provider.store, { name: 'Family Photos', extra: { scope: SCOPES } });
    await changeAppAccess(provider.store, photosClient.clientId, { allowedGroups: ['family'], claims: ['tier'] });
    const notesClient = await registerClient(provider.store, { name: 'Notes', extra: { scope: SCOPES } });
    photos = await RelyingApp.discover(provider.issuer, photosClient, { fetch: throughProxy(provider) });
    notes = await RelyingApp.discover(provider.issuer, notesClient, { fetch: throughProxy(provider) });
    member = await invited('member@example.com', ['family']);
    outsider = await invited('outsider@example.com', []);
  });
  afterAll(() => provider.close());

  it('offers a stranger no account: the sign-up steps refuse without an invitation', async () => {
    const browser = new BrowserSession(`http://localhost:${provider.settings.port}`, { publicOrigin: provider.issuer });
    const base = await openInteraction(browser, (await photos.startSignIn({ scope: SCOPES })).url);
    expect((await browser.get(base)).body).not.toContain('Create an account');
    const refused = await browser.postJson(`${base}/signup`, { email: 'stranger@example.com' });
    expect([refused.status, refused.json.error]).toEqual([403, 'sign_up_closed']);
    expect(await provider.store.people.findByEmail('stranger@example.com')).toBeNull();
  });

  it('lets a member of the allowed group in, with groups and the app’s custom claim in the ID token and userinfo', async () => {
    expect((await provider.store.groups.listByPerson(member.sub)).map((group) => group.name)).toEqual(['family']);
    const pending = await photos.startSignIn({ scope: SCOPES, prompt: 'consent' });
    const tokens = await photos.finishSignIn((await continueThroughConsent(member.browser, pending.url)).location!, pending);
    expect(tokens.claims()).toMatchObject({ sub: member.sub, groups: ['family'], tier: 'gold' });
    expect(await photos.userinfo(tokens.access_token, member.sub)).toMatchObject({ groups: ['family'], tier: 'gold' });
  });

  it('gives another app the groups but not the custom claims it was not allowed', async () => {
    const pending = await notes.startSignIn({ scope: SCOPES });
    const tokens = await notes.finishSignIn((await continueThroughConsent(member.browser, pending.url)).location!, pending);
    expect(tokens.claims()).toMatchObject({ sub: member.sub, groups: ['family'] });
    expect(tokens.claims()).not.toHaveProperty('tier');
    expect(await notes.userinfo(tokens.access_token, member.sub)).not.toHaveProperty('tier');
  });

  it('refuses a non-member with a plain page naming the app, then access_denied and no code; audited', async () => {
    const pending = await photos.startSignIn({ scope: SCOPES });
    const page = await open(outsider.browser, pending.url);
    expect(page.status).toBe(200);
    expect(page.body).toContain('No access to Family Photos');
    expect(page.body).toContain('outsider@example.com');
    expect(page.body).not.toContain('consent');
    const uid = /\/interaction\/([A-Za-z0-9_-]+)/.exec(page.url)![1];

    // Nothing on the refusal page leads to a code: consenting there is refused.
    const consent = await outsider.browser.postForm(`/interaction/${uid}/consent`, {});
    expect(consent.status).toBeGreaterThanOrEqual(400);
    expect(consent.status).toBeLessThan(500);

    const left = await outsider.browser.postForm(`/interaction/${uid}/refused`, {});
    const back = await open(outsider.browser, left.location!);
    const callback = new URL(back.location!);
    expect(`${callback.origin}${callback.pathname}`).toBe(photos.client.redirectUri);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('code')).toBeNull();
    expect(callback.searchParams.get('state')).toBe(pending.state);

    const refusals = (await provider.store.audit.list({ types: ['sign_in_failed'], personId: outsider.sub, limit: 50 })).map((event) => [event.clientId, event.detail]);
    expect(refusals).toContainEqual([photos.client.clientId, { reason: 'not_in_allowed_groups' }]);
  });

  it('answers prompt=none for a non-member with access_denied at once', async () => {
    const pending = await photos.startSignIn({ scope: SCOPES, prompt: 'none' });
    const hop = await open(outsider.browser, pending.url);
    const callback = new URL(hop.location!);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('code')).toBeNull();
  });

  it('lets the outsider in once added to the group', async () => {
    await addMember(provider.store, { group: 'family', email: outsider.email });
    const pending = await photos.startSignIn({ scope: SCOPES });
    const tokens = await photos.finishSignIn((await continueThroughConsent(outsider.browser, pending.url)).location!, pending);
    expect(tokens.claims()).toMatchObject({ sub: outsider.sub, groups: ['family'], tier: 'gold' });
  });

  it('refuses the code of a person who left the allowed group between the authorization and its exchange', async () => {
    const pending = await photos.startSignIn({ scope: SCOPES });
    const callback = (await continueThroughConsent(outsider.browser, pending.url)).location!;
    await removeMember(provider.store, { group: 'family', email: outsider.email });
    try {
      await expect(photos.finishSignIn(callback, pending)).rejects.toMatchObject({ error: 'invalid_grant' });
    } finally {
      await addMember(provider.store, { group: 'family', email: outsider.email });
    }
  });

  it('fails a refresh token as soon as its person leaves the allowed group, and another app’s keeps working', async () => {
    const pending = await photos.startSignIn({ scope: SCOPES });
    const tokens = await photos.finishSignIn((await continueThroughConsent(outsider.browser, pending.url)).location!, pending);
    const notesPending = await notes.startSignIn({ scope: SCOPES });
    const notesTokens = await notes.finishSignIn((await continueThroughConsent(outsider.browser, notesPending.url)).location!, notesPending);
    expect(tokens.refresh_token).toBeTruthy();

    await removeMember(provider.store, { group: 'family', email: outsider.email });
    await expect(photos.refresh(tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    const refreshed = await notes.refresh(notesTokens.refresh_token!);
    expect(refreshed.access_token).toBeTruthy();
  });

  it('ends a disabled person’s sessions and fails their refresh tokens at once', async () => {
    const pending = await notes.startSignIn({ scope: SCOPES });
    const tokens = await notes.finishSignIn((await continueThroughConsent(member.browser, pending.url)).location!, pending);
    await disableAccount({ store: provider.store, notifyApps: async () => {}, now: Date.now, log: provider.log }, member.email);
    await expect(notes.refresh(tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    // The browser's session is gone: the app gets the sign-in page, not a code.
    const again = await open(member.browser, (await notes.startSignIn({ scope: SCOPES })).url);
    expect(again.location ?? '').not.toContain('code=');
    expect(again.url).toMatch(/\/interaction\//);
  });

  it('refuses a disabled account whose session survived, with no code', async () => {
    // As if disabling had not reached the session store: the app's access rule still refuses.
    const pending = await notes.startSignIn({ scope: SCOPES });
    await continueThroughConsent(outsider.browser, pending.url);
    await provider.store.people.update(outsider.sub, { disabledAt: new Date() });
    const page = await open(outsider.browser, (await notes.startSignIn({ scope: SCOPES })).url);
    expect(page.location ?? '').not.toContain('code=');
    expect(page.body).toContain('is disabled');
    const none = await open(outsider.browser, (await notes.startSignIn({ scope: SCOPES, prompt: 'none' })).url);
    expect(new URL(none.location!).searchParams.get('error')).toBe('access_denied');
  });
}

/** The app's requests to the issuer, as the TLS-terminating proxy passes them on: plain HTTP, X-Forwarded-Proto: https. */
function throughProxy(provider: TestProvider): DiscoverOptions['fetch'] {
  return (url, options) => {
    const target = new URL(url);
    if (target.origin === provider.issuer) target.protocol = 'http:';
    const headers = new Headers(options.headers as HeadersInit);
    headers.set('X-Forwarded-Proto', 'https');
    return fetch(target.href, { ...options, headers } as RequestInit);
  };
}

/** Follows the app's authorization URL through the consent page (allowing) to the app's callback. */
async function continueThroughConsent(browser: BrowserSession, url: string): Promise<Hop> {
  let hop = await open(browser, url);
  if (hop.location?.startsWith('https://app.example')) return hop;
  const consent = /\/interaction\/([A-Za-z0-9_-]+)/.exec(hop.url);
  if (!consent || !hop.body.includes('/consent')) throw new Error(`expected consent, got ${hop.status} at ${hop.url}: ${hop.body.slice(0, 200)}`);
  const allowed = await browser.postForm(`/interaction/${consent[1]}/consent`, {});
  hop = await open(browser, allowed.location!);
  if (!hop.location?.startsWith('https://app.example')) throw new Error(`consent did not lead to the app: ${hop.status} ${hop.url}`);
  return hop;
}
