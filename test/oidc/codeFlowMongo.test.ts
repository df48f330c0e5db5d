/**
 * The journey of codeFlow.test.ts on the MongoDB engine: sign-up, usernameless sign-in from
 * another browser, token exchange, refresh. Keys, sessions, interactions, ceremonies, codes and
 * tokens all live in MongoDB here.
 */
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/ports.js';
import { BrowserSession } from '../support/browserSession.js';
import { signIn, signUp } from '../support/journeys.js';
import { describeWithMongo } from '../support/mongoServer.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

describeWithMongo('authorization code flow with passkeys on MongoDB', (server) => {
  let store: Store;
  let provider: TestProvider;
  let app: RelyingApp;

  beforeAll(async () => {
    const databaseUrl = server().databaseUrl('codeflow');
    store = await openStore(databaseUrl);
    provider = await startTestProvider({ store, settings: { databaseUrl } });
    app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store));
  });
  afterAll(async () => {
    await provider?.close();
    await store?.close();
  });

  it('signs up, signs in usernameless from another browser with the same sub, and rotates refresh tokens', async () => {
    expect(provider.store.engine).toBe('mongo');
    const authenticator = new SoftAuthenticator();

    const first = await app.startSignIn();
    const callback = await signUp(provider, new BrowserSession(provider.origin), authenticator, first.url, 'ada@example.com');
    const signedUp = await app.finishSignIn(callback.location!, first);
    const sub = signedUp.claims()!.sub;
    expect(await app.userinfo(signedUp.access_token, sub)).toMatchObject({ sub, email: 'ada@example.com', email_verified: true });

    // offline_access needs prompt=consent (OpenID Connect Core §11): the consent page is shown once.
    const second = await app.startSignIn({ scope: 'openid email profile offline_access', prompt: 'consent' });
    const signedIn = await app.finishSignIn(
      (await signIn(provider, new BrowserSession(provider.origin), authenticator, second.url)).location!, second,
    );
    expect(signedIn.claims()!.sub).toBe(sub);
    expect(signedIn.claims()!.amr).toEqual(['swk', 'user', 'mfa']);

    expect(await store.people.count()).toBe(1);
    const [credential] = await store.credentials.listByPerson(sub);
    expect(credential?.lastUsedAt).toBeInstanceOf(Date);

    const refreshToken = signedIn.refresh_token!;
    expect(refreshToken).toBeTruthy();
    const refreshed = await app.refresh(refreshToken);
    expect(refreshed.access_token).not.toBe(signedIn.access_token);
    expect(refreshed.refresh_token).not.toBe(refreshToken);
    await expect(app.refresh(refreshToken)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a second redemption of an authorization code', async () => {
    const pending = await app.startSignIn();
    const callback = await signUp(provider, new BrowserSession(provider.origin), new SoftAuthenticator(), pending.url, 'grace@example.com');
    await app.finishSignIn(callback.location!, pending);
    await expect(app.finishSignIn(callback.location!, pending)).rejects.toMatchObject({ error: 'invalid_grant' });
  });
});
