/**
 * Where the person is signed in, and which apps hold a grant: listing, signing other sessions out,
 * and taking an app's access away so that its refresh token stops working.
 */
import { BrowserSession } from '../support/browserSession.js';
import { continueToApp } from '../support/journeys.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';
import { confirmWithPasskey, expectOk, newPerson, signInOnAccountPage, testClock } from './accountJourneys.js';

describe('account page: sessions and connected apps', () => {
  let provider: TestProvider;
  let app: RelyingApp;
  let thirdParty: RelyingApp;
  const clock = testClock();

  beforeAll(async () => {
    provider = await startTestProvider({ now: clock.now });
    app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store, { name: 'Example App' }));
    thirdParty = await RelyingApp.discover(provider.issuer, await registerClient(provider.store, { name: 'Photo Printer', firstParty: false }));
  });
  afterAll(() => provider.close());

  async function signedInElsewhere(authenticator: Parameters<typeof signInOnAccountPage>[2]) {
    const browser = new BrowserSession(provider.origin);
    expectOk(await signInOnAccountPage(provider, browser, authenticator));
    return browser;
  }

  it('lists every browser session of the account with its browser and last activity, this one first', async () => {
    const person = await newPerson(provider, app, 'sessions@example.com');
    await signedInElsewhere(person.authenticator);
    const page = expectOk(await person.browser.get('/account'));
    expect(page.body.match(/<h3 class="row-name" id="session-\d">Chrome on Linux/g)).toHaveLength(2);
    expect(page.body).toMatch(/<h3 class="row-name" id="session-0">Chrome on Linux <span class="badge">This browser<\/span><\/h3>/);
    expect(page.body).toMatch(/<h3 class="row-name" id="session-1">Chrome on Linux<\/h3>/);
    expect(page.body).toContain('Sign out of this session');
    expect(page.body).toContain('Sign out everywhere else');
    // Sessions in the same browser are told apart by when they signed in and were last active, and by their apps.
    expect(page.body).toMatch(/Signed in <time datetime="\d{4}-[^"]+" data-relative>[^<]+<\/time> · Last active <time datetime="\d{4}-[^"]+" data-relative>[^<]+<\/time> · Signed in to 1 app here/);
    const german = expectOk(await person.browser.request('/account', { headers: { 'Accept-Language': 'de' } }));
    expect(german.body).toMatch(/<h3 class="row-name" id="session-0">Chrome unter Linux <span class="badge">Dieser Browser<\/span><\/h3>/);
  });

  it('signs one other session out after a fresh confirmation; that browser is then signed out for apps too', async () => {
    const person = await newPerson(provider, app, 'end-one@example.com');
    const other = await signedInElsewhere(person.authenticator);
    const sessions = await provider.store.oidc.list('Session', { accountId: person.sub });
    const current = expectOk(await person.browser.get('/account')).body;
    const otherUid = sessions.map((s) => s.payload.uid as string).find((uid) => current.includes(`data-uid="${uid}"`))!;

    clock.advance(6 * 60_000);
    expect((await person.browser.postJson('/account/sessions/end', { uid: otherUid })).json.error).toBe('verification_required');
    expectOk(await confirmWithPasskey(provider, person));
    expect(expectOk(await person.browser.postJson('/account/sessions/end', { uid: otherUid })).json).toEqual({ ended: 1 });

    expect(expectOk(await other.get('/account')).body).toContain('>Sign in with a passkey</button>');
    expect(expectOk(await person.browser.get('/account')).body).toContain('end-one@example.com');
    expect((await person.browser.postJson('/account/sessions/end', { uid: otherUid })).json.error).toBe('session_not_found');
  });

  it('refuses to end another person’s session by its uid', async () => {
    const victim = await newPerson(provider, app, 'victim-session@example.com');
    const intruder = await newPerson(provider, app, 'intruder-session@example.com');
    const [victimSession] = await provider.store.oidc.list('Session', { accountId: victim.sub });
    const refused = await intruder.browser.postJson('/account/sessions/end', { uid: victimSession.payload.uid });
    expect(refused.status).toBe(404);
    expect(refused.json.error).toBe('session_not_found');
    expect(await provider.store.oidc.list('Session', { accountId: victim.sub })).toHaveLength(1);
  });

  it('signs every other session out at once, and keeps this one', async () => {
    const person = await newPerson(provider, app, 'end-all@example.com');
    const others = [await signedInElsewhere(person.authenticator), await signedInElsewhere(person.authenticator)];
    expect(expectOk(await person.browser.postJson('/account/sessions/end-others', {})).json).toEqual({ ended: 2 });
    for (const other of others) expect(expectOk(await other.get('/account')).body).toContain('>Sign in with a passkey</button>');
    expect(await provider.store.oidc.list('Session', { accountId: person.sub })).toHaveLength(1);
    expect(expectOk(await person.browser.get('/account')).body).not.toContain('Sign out everywhere else');
  });

  it('lists connected apps with what they may do; removing access revokes the grant and its refresh token stops working', async () => {
    const person = await newPerson(provider, app, 'apps@example.com');
    const pending = await thirdParty.startSignIn({ scope: 'openid email offline_access', prompt: 'consent' });
    const tokens = await thirdParty.finishSignIn((await continueToApp(person.browser, pending.url)).location!, pending);
    expect(tokens.refresh_token).toBeTruthy();

    const page = expectOk(await person.browser.get('/account'));
    expect(page.body).toContain('>Photo Printer</h3>');
    expect(page.body).toContain('<li>See your email address</li>');
    expect(page.body).toContain('<li>Stay connected while you are away</li>');
    expect(page.body).toContain('>Example App</h3>');

    const revoked = expectOk(await person.browser.postJson('/account/apps/revoke', { clientId: thirdParty.client.clientId }));
    expect(revoked.json).toEqual({ revoked: true });
    await expect(thirdParty.refresh(tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(thirdParty.userinfo(tokens.access_token, person.sub)).rejects.toThrow();
    const after = expectOk(await person.browser.get('/account'));
    expect(after.body).not.toContain('>Photo Printer</h3>');
    expect(after.body).toContain('>Example App</h3>');

    const again = await person.browser.postJson('/account/apps/revoke', { clientId: thirdParty.client.clientId });
    expect(again.status).toBe(404);
    expect(again.json.error).toBe('app_not_found');
  });

  it('refuses to revoke an app for another account, and leaves that account’s grant alone', async () => {
    const victim = await newPerson(provider, app, 'victim-app@example.com');
    const intruder = await newPerson(provider, thirdParty, 'intruder-app@example.com');
    const before = await provider.store.oidc.list('Grant', { accountId: victim.sub });
    const refused = await intruder.browser.postJson('/account/apps/revoke', { clientId: app.client.clientId });
    expect(refused.json.error).toBe('app_not_found');
    expect(await provider.store.oidc.list('Grant', { accountId: victim.sub })).toHaveLength(before.length);
  });
});
