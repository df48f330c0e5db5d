import { BrowserSession } from '../support/browserSession.js';
import { signIn, signUp } from '../support/journeys.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

describe('authorization code flow with passkeys', () => {
  let provider: TestProvider;
  let app: RelyingApp;

  beforeAll(async () => {
    provider = await startTestProvider();
    app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store));
  });
  afterAll(() => provider.close());

  it('signs a new person up: ID token with a random sub and how they signed in, userinfo with email and name', async () => {
    const pending = await app.startSignIn();
    const callback = await signUp(provider, new BrowserSession(provider.origin), new SoftAuthenticator(), pending.url, 'ada@example.com');
    const tokens = await app.finishSignIn(callback.location!, pending);
    const claims = tokens.claims()!;
    expect(claims.sub).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(claims.sub).not.toContain('ada');
    expect(claims.acr).toBe('phr');
    expect(claims.amr).toEqual(['swk', 'user', 'mfa']);
    const userinfo = await app.userinfo(tokens.access_token, claims.sub);
    expect(userinfo).toEqual({ sub: claims.sub, email: 'ada@example.com', email_verified: true, name: 'Ada Lovelace', updated_at: expect.any(Number) });
  });

  it('signs the same person in usernameless from another browser holding the passkey: same sub', async () => {
    const authenticator = new SoftAuthenticator();
    const first = await app.startSignIn();
    const signedUp = await app.finishSignIn(
      (await signUp(provider, new BrowserSession(provider.origin), authenticator, first.url, 'grace@example.com')).location!, first,
    );
    const second = await app.startSignIn();
    const signedIn = await app.finishSignIn(
      (await signIn(provider, new BrowserSession(provider.origin), authenticator, second.url)).location!, second,
    );
    expect(signedIn.claims()!.sub).toBe(signedUp.claims()!.sub);
  });

  it('signs ID tokens with RS256 by default, and ES256 or EdDSA for an app registered for it: openid-client checks each', async () => {
    const algOf = (idToken: string) => JSON.parse(Buffer.from(idToken.split('.')[0], 'base64url').toString()).alg;
    for (const [alg, expected] of [[undefined, 'RS256'], ['ES256', 'ES256'], ['EdDSA', 'EdDSA']] as const) {
      const client = await registerClient(provider.store, { idTokenSigningAlg: alg ?? null });
      const checked = await RelyingApp.discover(provider.issuer, client, { checkSignatures: true });
      const pending = await checked.startSignIn();
      const callback = await signUp(provider, new BrowserSession(provider.origin), new SoftAuthenticator(), pending.url, `${expected.toLowerCase()}@example.com`);
      const tokens = await checked.finishSignIn(callback.location!, pending);
      expect(algOf(tokens.id_token!)).toBe(expected);
    }
  });
});
