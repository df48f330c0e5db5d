/**
 * The person's details and the end of an account: a new email address proven by a code mailed to
 * it (the old address is told), a display name, and deletion of everything that can sign in.
 */
import { BrowserSession } from '../support/browserSession.js';
import { codeFrom, continueToApp, lastMailTo, openInteraction, passkeyOptions } from '../support/journeys.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';
import { expectOk, newPerson } from './accountJourneys.js';

describe('account page: email, name and deletion', () => {
  let provider: TestProvider;
  let app: RelyingApp;

  beforeAll(async () => {
    provider = await startTestProvider();
    app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store));
  });
  afterAll(() => provider.close());

  const mailsTo = (to: string) => provider.mailer.outbox!.list().filter((mail) => mail.to === to);

  it('changes the email address once the code mailed to the new address is typed, and tells the old address', async () => {
    const person = await newPerson(provider, app, 'old@example.com');
    const requested = expectOk(await person.browser.postJson('/account/email', { email: 'New@Example.com' }));
    // The domain is kept in lower case; the local part as typed.
    expect(requested.json).toEqual({ next: 'code', email: 'New@example.com', minutes: 10 });
    const mail = await lastMailTo(provider, 'New@example.com');
    expect(mail.subject).toBe('Your Test ID code to confirm this address');

    const wrong = await person.browser.postJson('/account/email/code', { code: '000000' === codeFrom(mail.text) ? '111111' : '000000' });
    expect(wrong.json.error).toBe('code_invalid');
    expect((await provider.store.people.findById(person.sub))!.email).toBe('old@example.com');

    const confirmed = expectOk(await person.browser.postJson('/account/email/code', { code: codeFrom(mail.text) }));
    expect(confirmed.json.user).toMatchObject({ name: 'New@example.com', displayName: 'Ada Lovelace' });
    expect(await provider.store.people.findById(person.sub)).toMatchObject({ email: 'New@example.com', emailVerified: true });
    expect((await lastMailTo(provider, 'old@example.com')).subject).toBe('The email address of your Test ID account was changed');
    // The code is single use.
    expect((await person.browser.postJson('/account/email/code', { code: codeFrom(mail.text) })).json.error).toBe('email_change_expired');
  });

  it('gives the same answer for an address that has an account, mails its owner a notice without a code, and no code can match', async () => {
    await newPerson(provider, app, 'taken@example.com');
    const person = await newPerson(provider, app, 'wants-taken@example.com');
    const before = mailsTo('taken@example.com').length;
    const requested = expectOk(await person.browser.postJson('/account/email', { email: 'taken@example.com' }));
    expect(requested.json).toEqual({ next: 'code', email: 'taken@example.com', minutes: 10 });
    expect(mailsTo('taken@example.com')).toHaveLength(before + 1);
    expect(mailsTo('taken@example.com')[0]!.text).not.toMatch(/\b\d{6}\b/);
    for (let i = 0; i < 5; i++) {
      const code = String(i).repeat(6);
      expect(['code_invalid', 'code_attempts_exceeded']).toContain((await person.browser.postJson('/account/email/code', { code })).json.error);
    }
    expect((await provider.store.people.findById(person.sub))!.email).toBe('wants-taken@example.com');
  });

  it('refuses the address the account already has, and a malformed one, in plain words', async () => {
    const person = await newPerson(provider, app, 'same@example.com');
    const same = await person.browser.postJson('/account/email', { email: ' SAME@example.com ' });
    expect(same.json).toEqual({ error: 'email_unchanged', message: 'That is already the email address of your account.' });
    expect((await person.browser.postJson('/account/email', { email: 'not an address' })).json.error).toBe('email_invalid');
  });

  it('refuses a code typed in a browser of another account', async () => {
    const person = await newPerson(provider, app, 'asker@example.com');
    const other = await newPerson(provider, app, 'other-asker@example.com');
    expectOk(await person.browser.postJson('/account/email', { email: 'asker-new@example.com' }));
    const code = codeFrom((await lastMailTo(provider, 'asker-new@example.com')).text);
    expect((await other.browser.postJson('/account/email/code', { code })).json.error).toBe('email_change_expired');
  });

  it('changes the display name apps see', async () => {
    const person = await newPerson(provider, app, 'name@example.com');
    const changed = expectOk(await person.browser.postJson('/account/profile', { name: '  Grace   Hopper ' }));
    expect(changed.json.user).toMatchObject({ name: 'name@example.com', displayName: 'Grace Hopper' });
    expect((await provider.store.people.findById(person.sub))!.name).toBe('Grace Hopper');
  });

  it('changes the profile apps receive, and a refused value names its field and changes nothing', async () => {
    const person = await newPerson(provider, app, 'profile@example.com');
    expectOk(await person.browser.postJson('/account/profile', {
      name: 'Grace Hopper', givenName: ' Grace ', familyName: 'Hopper', picture: 'https://pictures.example/grace.png', locale: 'de',
    }));
    const pending = await app.startSignIn({ scope: 'openid profile' });
    const tokens = await app.finishSignIn((await continueToApp(person.browser, pending.url)).location!, pending);
    expect(tokens.claims()).toMatchObject({
      name: 'Grace Hopper', given_name: 'Grace', family_name: 'Hopper', picture: 'https://pictures.example/grace.png', locale: 'de',
    });

    for (const [fields, error, field] of [
      [{ picture: 'http://pictures.example/grace.png' }, 'picture_invalid', 'picture'],
      [{ picture: 'javascript:alert(1)' }, 'picture_invalid', 'picture'],
      [{ locale: 'de; drop' }, 'locale_invalid', 'locale'],
      [{ givenName: 'Grace\u001b[2J' }, 'name_invalid', 'givenName'],
      [{ familyName: 'x'.repeat(101) }, 'name_invalid', 'familyName'],
    ] as const) {
      const refused = await person.browser.postJson('/account/profile', { name: 'Someone Else', ...fields });
      expect([refused.status, refused.json.error, refused.json.field]).toEqual([400, error, field]);
    }
    const stored = (await provider.store.people.findById(person.sub))!;
    expect([stored.name, stored.givenName, stored.picture, stored.locale]).toEqual(['Grace Hopper', 'Grace', 'https://pictures.example/grace.png', 'de']);

    // preferred_username is an administrator's to set: the page does not take it.
    const username = await person.browser.postJson('/account/profile', { name: 'Grace Hopper', preferredUsername: 'admin' });
    expect(username.status).toBe(400);
    expect((await provider.store.people.findById(person.sub))!.preferredUsername).toBeNull();
  });

  it('deletes the account after confirmation: passkeys, sessions, grants and tokens go, and the passkey no longer signs in', async () => {
    const person = await newPerson(provider, app, 'delete@example.com');
    const pending = await app.startSignIn({ scope: 'openid email offline_access', prompt: 'consent' });
    const tokens = await app.finishSignIn((await continueToApp(person.browser, pending.url)).location!, pending);
    const [credential] = await provider.store.credentials.listByPerson(person.sub);

    const unconfirmed = await person.browser.postJson('/account/delete', {});
    expect(unconfirmed.json).toEqual({ error: 'delete_not_confirmed', message: 'Tick the box to confirm that you want to delete your account.' });
    expect(await provider.store.people.findById(person.sub)).not.toBeNull();

    const deleted = expectOk(await person.browser.postJson('/account/delete', { confirm: 'delete' }));
    expect(deleted.json).toEqual({ deleted: true, userId: expect.any(String), credentialIds: [credential.id] });
    expect(await provider.store.people.findById(person.sub)).toBeNull();
    expect(await provider.store.credentials.listByPerson(person.sub)).toEqual([]);
    for (const model of ['Session', 'Grant', 'AccessToken', 'RefreshToken']) {
      expect([model, await provider.store.oidc.list(model, { accountId: person.sub })]).toEqual([model, []]);
    }
    await expect(app.refresh(tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    expect(expectOk(await person.browser.get('/account')).body).toContain('>Sign in with a passkey</button>');

    const browser = new BrowserSession(provider.origin);
    const base = await openInteraction(browser, (await app.startSignIn()).url);
    const options = await passkeyOptions(browser, base);
    const refused = await browser.postJson(`${base}/passkey/verify`, { response: person.authenticator.getAssertion(options, { origin: provider.origin }) });
    expect(refused.json.error).toBe('unknown_credential');
  });
});
