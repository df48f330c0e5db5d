/**
 * What apps receive about a person: profile claims with `profile`, the person's groups with
 * `groups` (ID token, userinfo and introspection), and custom claims only in the apps allowed them.
 * Every claim is in discovery's claims_supported. openid-client plays the apps.
 */
import { randomBytes } from 'node:crypto';

import { changeAppAccess } from '../../src/access/appAccess.js';
import { setGroupClaim, setPersonClaim } from '../../src/access/customClaims.js';
import { addMember, createGroup } from '../../src/access/groups.js';
import { updateProfile } from '../../src/access/profile.js';
import { BrowserSession } from '../support/browserSession.js';
import { signIn, signUp } from '../support/journeys.js';
import { registerClient, RelyingApp, type RegisteredClient } from '../support/relyingApp.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

describe('claims apps receive', () => {
  let provider: TestProvider;
  let wiki: RegisteredClient;
  let photos: RegisteredClient;
  const authenticator = new SoftAuthenticator();
  let sub: string;

  async function signInTo(client: RegisteredClient, scope: string) {
    const app = await RelyingApp.discover(provider.issuer, client);
    const pending = await app.startSignIn({ scope });
    const callback = await signIn(provider, new BrowserSession(provider.origin), authenticator, pending.url);
    const tokens = await app.finishSignIn(callback.location!, pending);
    return { app, tokens, idToken: tokens.claims()!, userinfo: await app.userinfo(tokens.access_token, sub) };
  }

  beforeAll(async () => {
    provider = await startTestProvider();
    const { store } = provider;
    wiki = await registerClient(store, { name: 'Wiki' });
    photos = await registerClient(store, { name: 'Photos' });
    const first = await RelyingApp.discover(provider.issuer, wiki);
    const pending = await first.startSignIn();
    await first.finishSignIn((await signUp(provider, new BrowserSession(provider.origin), authenticator, pending.url, 'ada@example.com')).location!, pending);
    const person = (await store.people.findByEmail('ada@example.com'))!;
    sub = person.id;
    await updateProfile(store, sub, { givenName: 'Ada', familyName: 'Lovelace', preferredUsername: 'ada', picture: 'https://pics.example/ada.png', locale: 'en-GB' });
    const deps = { store, randomBytes: (size: number) => randomBytes(size) };
    await createGroup(deps, { name: 'family' });
    await createGroup(deps, { name: 'editors' });
    await addMember(store, { group: 'family', email: 'ada@example.com' });
    await addMember(store, { group: 'editors', email: 'ada@example.com' });
    await setGroupClaim(store, { group: 'editors', name: 'wiki_roles', value: ['editor'] });
    await setPersonClaim(store, { email: 'ada@example.com', name: 'wiki_roles', value: ['admin'] });
    await setPersonClaim(store, { email: 'ada@example.com', name: 'photo_quota', value: 50 });
    await changeAppAccess(store, wiki.clientId, { claims: ['wiki_roles'] });
  });
  afterAll(() => provider.close());

  it('lists the groups scope and every claim, custom ones included, in discovery', async () => {
    const discovery = await (await fetch(`${provider.origin}/.well-known/openid-configuration`)).json() as Record<string, string[]>;
    expect(discovery.scopes_supported).toEqual(expect.arrayContaining(['openid', 'email', 'profile', 'groups']));
    expect(discovery.claims_supported).toEqual(expect.arrayContaining([
      'sub', 'email', 'email_verified', 'name', 'given_name', 'family_name', 'preferred_username', 'picture', 'locale', 'updated_at',
      'groups', 'wiki_roles',
    ]));
    // A claim no app may receive is not announced.
    expect(discovery.claims_supported).not.toContain('photo_quota');
  });

  it('gives profile claims, groups and the app’s own custom claims in the ID token and userinfo', async () => {
    const { idToken, userinfo } = await signInTo(wiki, 'openid email profile groups');
    for (const claims of [idToken, userinfo]) {
      expect(claims).toMatchObject({
        sub,
        email: 'ada@example.com',
        name: 'Ada Lovelace',
        given_name: 'Ada',
        family_name: 'Lovelace',
        preferred_username: 'ada',
        picture: 'https://pics.example/ada.png',
        locale: 'en-GB',
        groups: ['editors', 'family'],
        // The person's own value wins over the group's.
        wiki_roles: ['admin'],
      });
      expect(typeof claims.updated_at).toBe('number');
      expect(claims).not.toHaveProperty('photo_quota');
    }
  });

  it('keeps one app’s custom claims from another app', async () => {
    const { idToken, userinfo } = await signInTo(photos, 'openid email profile groups');
    expect(idToken.groups).toEqual(['editors', 'family']);
    for (const claims of [idToken, userinfo]) {
      expect(claims).not.toHaveProperty('wiki_roles');
      expect(claims).not.toHaveProperty('photo_quota');
    }
  });

  it('gives groups only with the groups scope', async () => {
    const { idToken, userinfo } = await signInTo(wiki, 'openid email profile');
    expect(idToken).not.toHaveProperty('groups');
    expect(userinfo).not.toHaveProperty('groups');
    expect(idToken.wiki_roles).toEqual(['admin']);
  });

  it('says the groups in introspection of an access token with the groups scope', async () => {
    const introspect = async (token: string) => {
      const response = await fetch(`${provider.origin}/token/introspection`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Authorization: `Basic ${Buffer.from(`${wiki.clientId}:${wiki.clientSecret}`).toString('base64')}`,
        },
        body: new URLSearchParams({ token }),
      });
      return await response.json() as Record<string, unknown>;
    };
    const withGroups = await signInTo(wiki, 'openid email groups');
    expect(await introspect(withGroups.tokens.access_token)).toMatchObject({ active: true, sub, groups: ['editors', 'family'] });
    const without = await signInTo(wiki, 'openid email');
    const answer = await introspect(without.tokens.access_token);
    expect(answer).toMatchObject({ active: true, sub });
    expect(answer).not.toHaveProperty('groups');
  });
});
