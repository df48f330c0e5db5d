/**
 * A fresh confirmation lasts 5 minutes from the moment the passkey confirmed it, whatever was
 * fetched meanwhile: options for a new passkey asked for just before the window ends do not let
 * the passkey be added after it.
 */
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';

import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';
import { confirmWithPasskey, expectOk, newPerson, testClock } from '../account/accountJourneys.js';

describe('the fresh confirmation window', () => {
  let provider: TestProvider;
  let app: RelyingApp;
  const clock = testClock();

  beforeAll(async () => {
    provider = await startTestProvider({ now: clock.now });
    app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store));
  });
  afterAll(() => provider.close());

  it('is not stretched by asking for new-passkey options just before it ends', async () => {
    const person = await newPerson(provider, app, 'stretch@example.com');
    clock.advance(6 * 60_000);
    expectOk(await confirmWithPasskey(provider, person));
    clock.advance(4 * 60_000 + 50_000);
    const options = expectOk(await person.browser.postJson('/account/passkeys/options', {})).json as PublicKeyCredentialCreationOptionsJSON;
    clock.advance(4 * 60_000);

    const late = await person.browser.postJson('/account/passkeys', { response: new SoftAuthenticator().createCredential(options, { origin: provider.origin }) });
    expect(late.status).toBe(401);
    expect(late.json.error).toBe('verification_required');
    expect(await provider.store.credentials.listByPerson(person.sub)).toHaveLength(1);
  });

  it('still adds the passkey when both steps fall inside the 5 minutes after the confirmation', async () => {
    const person = await newPerson(provider, app, 'in-time@example.com');
    clock.advance(6 * 60_000);
    expectOk(await confirmWithPasskey(provider, person));
    clock.advance(2 * 60_000);
    const options = expectOk(await person.browser.postJson('/account/passkeys/options', {})).json as PublicKeyCredentialCreationOptionsJSON;
    clock.advance(2 * 60_000);
    expectOk(await person.browser.postJson('/account/passkeys', { response: new SoftAuthenticator().createCredential(options, { origin: provider.origin }) }));
    expect(await provider.store.credentials.listByPerson(person.sub)).toHaveLength(2);
  });
});
