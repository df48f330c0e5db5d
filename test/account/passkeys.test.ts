/**
 * The account page's passkeys over HTTP with the software authenticator: the list, adding,
 * renaming and removing, and every refusal (no fresh verification, cross-site POST, the last
 * passkey, someone else's passkey id).
 */
import { BrowserSession } from '../support/browserSession.js';
import { lastMailTo, openInteraction, passkeyOptions } from '../support/journeys.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';
import { addPasskey, confirmWithPasskey, expectOk, newPerson, testClock } from './accountJourneys.js';

const APPLE_PASSWORDS = 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd';
const SIX_MINUTES = 6 * 60_000;

describe('account page: passkeys', () => {
  let provider: TestProvider;
  let app: RelyingApp;
  const clock = testClock();

  beforeAll(async () => {
    provider = await startTestProvider({ now: clock.now });
    app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store));
  });
  afterAll(() => provider.close());

  it('lists the passkey with its authenticator’s name, where and when it was made, whether it is synced, and reminds to add a backup', async () => {
    const person = await newPerson(provider, app, 'list@example.com', new SoftAuthenticator({ aaguid: APPLE_PASSWORDS, backupEligible: true, backedUp: true }));
    const page = expectOk(await person.browser.get('/account'));
    expect(page.body).toContain('<h1>Your account</h1>');
    expect(page.body).toContain('list@example.com');
    expect(page.body).toMatch(/<h3 class="row-name" id="passkey-0">Apple Passwords<\/h3>/);
    expect(page.body).toContain('in Chrome on Linux');
    expect(page.body).toContain('Synced to your other devices');
    expect(page.body).toContain('You have only one passkey');
    expect(page.body).toContain('This is your only passkey, so it cannot be removed');
    expect(page.body).not.toContain('Remove this passkey');
    const [credential] = await provider.store.credentials.listByPerson(person.sub);
    expect(page.body).toContain(`data-credential-ids="${credential.id}"`);
    expect(page.headers.get('cache-control')).toBe('no-store');
  });

  it('says "this device only" for a passkey that cannot be synced', async () => {
    const person = await newPerson(provider, app, 'device@example.com', new SoftAuthenticator({ backupEligible: false }));
    const page = expectOk(await person.browser.get('/account'));
    expect(page.body).toContain('On this device or security key only');
    expect(page.body).toMatch(/<h3 class="row-name" id="passkey-0">Passkey<\/h3>/);
  });

  it('adds a second passkey with excludeCredentials, tells the account by mail, and stops the reminder', async () => {
    const person = await newPerson(provider, app, 'add@example.com');
    const [first] = await provider.store.credentials.listByPerson(person.sub);
    const options = expectOk(await person.browser.postJson('/account/passkeys/options', {})).json;
    expect(options.excludeCredentials.map((c: { id: string }) => c.id)).toEqual([first.id]);
    // The authenticator that already holds a passkey for the account refuses to make another.
    expect(() => person.authenticator.createCredential(options, { origin: provider.origin })).toThrow(/InvalidStateError/);

    const second = new SoftAuthenticator({ aaguid: APPLE_PASSWORDS });
    const added = expectOk(await addPasskey(provider, person.browser, second));
    expect(added.json).toMatchObject({ added: true, name: 'Apple Passwords' });
    const held = await provider.store.credentials.listByPerson(person.sub);
    expect(held.map((c) => c.id).sort()).toEqual([first.id, second.credentials[0].id].sort());
    expect((await lastMailTo(provider, 'add@example.com')).subject).toBe('A passkey was added to your Test ID account');
    expect((await lastMailTo(provider, 'add@example.com')).text).toContain('“Apple Passwords”');

    const page = expectOk(await person.browser.get('/account'));
    expect(page.body).not.toContain('You have only one passkey');
    expect(page.body.match(/Remove this passkey/g)).toHaveLength(2);
  });

  it('numbers passkeys whose names would be the same, and says where and when each was made', async () => {
    const person = await newPerson(provider, app, 'namesakes@example.com');
    expectOk(await addPasskey(provider, person.browser, new SoftAuthenticator()));
    const page = expectOk(await person.browser.get('/account'));
    expect(page.body).toMatch(/<h3 class="row-name" id="passkey-0">Passkey 1<\/h3>/);
    expect(page.body).toMatch(/<h3 class="row-name" id="passkey-1">Passkey 2<\/h3>/);
    expect(page.body).toMatch(/Created <time datetime="\d{4}-[^"]+" data-relative>[^<]+<\/time> in Chrome on Linux · Not used yet/);
    // The name the confirmation and the messages use is the one the list shows.
    expect(page.body).toContain('data-name="Passkey 2"');
    // Without the page's script the actions are listed in the row; the script hides them behind "Options".
    expect(page.body).toMatch(/<button class="actions-toggle secondary" type="button" id="passkey-1-toggle" aria-expanded="false" aria-controls="passkey-1-actions" aria-label="Options for “Passkey 2”" hidden="hidden">Options<\/button><ul class="actions-list" id="passkey-1-actions">/);

    // In German: the default name, the browser and the times in German words.
    const german = expectOk(await person.browser.request('/account', { headers: { 'Accept-Language': 'de' } }));
    expect(german.body).toMatch(/<h3 class="row-name" id="passkey-1">Passkey 2<\/h3>/);
    expect(german.body).toMatch(/Erstellt: <time datetime="[^"]+" data-relative>\d+\. [A-Za-zä]+ \d{4}[^<]*<\/time> mit Chrome unter Linux · Noch nicht verwendet/);
    expect(german.body).toContain('aria-label="Optionen für „Passkey 2“"');
  });

  it('renames a passkey, and refuses an empty or overlong name', async () => {
    const person = await newPerson(provider, app, 'rename@example.com');
    const [credential] = await provider.store.credentials.listByPerson(person.sub);
    const renamed = expectOk(await person.browser.postJson('/account/passkeys/rename', { id: credential.id, name: '  Work\u0007 laptop  ' }));
    expect(renamed.json).toMatchObject({ renamed: true, name: 'Work laptop' });
    expect((await provider.store.credentials.findById(credential.id))!.name).toBe('Work laptop');
    expect(expectOk(await person.browser.get('/account')).body).toMatch(/<h3 class="row-name" id="passkey-0">Work laptop<\/h3>/);

    for (const name of ['   ', 'x'.repeat(65)]) {
      const refused = await person.browser.postJson('/account/passkeys/rename', { id: credential.id, name });
      expect(refused.status).toBe(400);
      expect(refused.json).toEqual({ error: 'passkey_name_invalid', message: 'Give the passkey a name of 1 to 64 characters.' });
    }
  });

  it('removes a passkey after a fresh confirmation, mails the account, and the removed passkey no longer signs in', async () => {
    const person = await newPerson(provider, app, 'remove@example.com');
    const second = new SoftAuthenticator();
    expectOk(await addPasskey(provider, person.browser, second));
    const [first] = await provider.store.credentials.listByPerson(person.sub);

    const removed = expectOk(await person.browser.postJson('/account/passkeys/remove', { id: first.id }));
    expect(removed.json).toEqual({ removed: true, id: first.id, name: 'Passkey' });
    expect(await provider.store.credentials.findById(first.id)).toBeNull();
    expect((await lastMailTo(provider, 'remove@example.com')).subject).toBe('A passkey was removed from your Test ID account');

    const elsewhere = new BrowserSession(provider.origin);
    const base = await openInteraction(elsewhere, (await app.startSignIn()).url);
    const options = await passkeyOptions(elsewhere, base);
    const refused = await elsewhere.postJson(`${base}/passkey/verify`, {
      response: person.authenticator.getAssertion(options, { origin: provider.origin, credentialId: first.id }),
    });
    expect(refused.json.error).toBe('unknown_credential');
  });

  it('refuses a sensitive action without a passkey confirmation from the last 5 minutes, and does it after one', async () => {
    const person = await newPerson(provider, app, 'fresh@example.com');
    expectOk(await addPasskey(provider, person.browser, new SoftAuthenticator()));
    const [first] = await provider.store.credentials.listByPerson(person.sub);
    clock.advance(SIX_MINUTES);

    for (const [path, body] of [
      ['/account/passkeys/remove', { id: first.id }],
      ['/account/passkeys/options', {}],
      ['/account/sessions/end-others', {}],
      ['/account/email', { email: 'fresh2@example.com' }],
      ['/account/delete', { confirm: 'delete' }],
    ] as const) {
      const refused = await person.browser.postJson(path, body);
      expect([path, refused.status, refused.json.error]).toEqual([path, 401, 'verification_required']);
      expect(refused.json.message).toMatch(/confirm.+passkey/i);
    }
    expect(await provider.store.credentials.findById(first.id)).not.toBeNull();
    expect(await provider.store.people.findById(person.sub)).not.toBeNull();

    // The answer says how long the confirmation lasts: the console's script counts on it.
    expect(expectOk(await confirmWithPasskey(provider, person)).json).toEqual({ verified: true, freshMs: 5 * 60_000 });
    expectOk(await person.browser.postJson('/account/passkeys/remove', { id: first.id }));
    expect(await provider.store.credentials.findById(first.id)).toBeNull();

    // The confirmation lasts 5 minutes, then is asked for again.
    clock.advance(SIX_MINUTES);
    expect((await person.browser.postJson('/account/passkeys/options', {})).json.error).toBe('verification_required');
  });

  it('refuses a confirmation made with another person’s passkey', async () => {
    const person = await newPerson(provider, app, 'victim-verify@example.com');
    const intruder = await newPerson(provider, app, 'intruder-verify@example.com');
    clock.advance(SIX_MINUTES);
    const options = expectOk(await person.browser.postJson('/account/verify/options', {})).json;
    const [intruderCredential] = intruder.authenticator.credentials;
    const refused = await person.browser.postJson('/account/verify', {
      response: intruder.authenticator.getAssertion(options, { origin: provider.origin, credentialId: intruderCredential.id }),
    });
    expect(refused.status).toBe(401);
    expect(['credential_not_allowed', 'wrong_account']).toContain(refused.json.error);
    expect((await person.browser.postJson('/account/sessions/end-others', {})).json.error).toBe('verification_required');
  });

  it('refuses to remove the last passkey, and says why', async () => {
    const person = await newPerson(provider, app, 'last@example.com');
    const [only] = await provider.store.credentials.listByPerson(person.sub);
    const refused = await person.browser.postJson('/account/passkeys/remove', { id: only.id });
    expect(refused.status).toBe(409);
    expect(refused.json).toEqual({
      error: 'last_passkey',
      message: 'This is your only passkey, so it cannot be removed: without it you could not sign in. Add another passkey first, then remove this one.',
    });
    expect(await provider.store.credentials.findById(only.id)).not.toBeNull();
  });

  it('refuses to rename or remove another person’s passkey by its id', async () => {
    const victim = await newPerson(provider, app, 'victim@example.com');
    const intruder = await newPerson(provider, app, 'intruder@example.com');
    expectOk(await addPasskey(provider, intruder.browser, new SoftAuthenticator()));
    const [victimCredential] = await provider.store.credentials.listByPerson(victim.sub);

    const rename = await intruder.browser.postJson('/account/passkeys/rename', { id: victimCredential.id, name: 'mine now' });
    const remove = await intruder.browser.postJson('/account/passkeys/remove', { id: victimCredential.id });
    for (const refused of [rename, remove]) {
      expect(refused.status).toBe(404);
      expect(refused.json.error).toBe('passkey_not_found');
    }
    const after = await provider.store.credentials.findById(victimCredential.id);
    expect(after).toMatchObject({ personId: victim.sub, name: 'Passkey' });
  });

  it('refuses cross-site POSTs, and changes nothing', async () => {
    const person = await newPerson(provider, app, 'csrf@example.com');
    expectOk(await addPasskey(provider, person.browser, new SoftAuthenticator()));
    const [first] = await provider.store.credentials.listByPerson(person.sub);
    for (const headers of [{ 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example' }, { 'Sec-Fetch-Site': '', Origin: 'https://evil.example' }]) {
      const removal = await person.browser.postJson('/account/passkeys/remove', { id: first.id }, headers);
      expect(removal.status).toBe(403);
      expect(removal.json.error).toBe('cross_site_request');
      const form = await person.browser.postForm('/account/passkeys/rename', { id: first.id, name: 'evil' }, headers);
      expect(form.status).toBe(403);
    }
    expect(await provider.store.credentials.findById(first.id)).toMatchObject({ name: 'Passkey' });
  });

  it('answers a signed-out browser in plain words, for every action', async () => {
    const stranger = new BrowserSession(provider.origin);
    for (const path of ['/account/passkeys/options', '/account/verify/options', '/account/sessions/end-others']) {
      const refused = await stranger.postJson(path, {});
      expect(refused.status).toBe(401);
      expect(refused.json.error).toBe('account_signed_out');
    }
  });
});
