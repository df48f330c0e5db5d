import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { randomUUID } from 'node:crypto';
import { interactionBinding, sessionBinding } from '../../src/ceremonies/bindings.js';
import { CEREMONY_TTL_MS } from '../../src/ceremonies/kinds.js';
import { finishRegistration } from '../../src/passkeys/finishRegistration.js';
import { saveCredential } from '../../src/passkeys/saveCredential.js';
import { startAuthentication } from '../../src/passkeys/startAuthentication.js';
import { startRegistration } from '../../src/passkeys/startRegistration.js';
import { verifyAssertion } from '../../src/passkeys/verifyAssertion.js';
import type { Credential, Person, Store } from '../../src/store/ports.js';
import { RS256, SoftAuthenticator, type GetAssertionOptions } from '../support/softAuthenticator.js';
import { createPasskeyFixture, expectRefusal, ORIGIN, RP_ID, type PasskeyFixture } from './passkeyFixture.js';

let fixture: PasskeyFixture;
let ada: Person;
let adaKey: SoftAuthenticator;
let adaCredential: Credential;
beforeEach(async () => {
  fixture = await createPasskeyFixture();
  ada = await fixture.createPerson('ada@example.test');
  adaKey = new SoftAuthenticator({ backupEligible: true, backedUp: false });
  adaCredential = await fixture.registerPasskey(ada, adaKey);
});
afterEach(() => fixture.close());

/** Starts a ceremony, lets `authenticator` answer with `client`, and verifies the answer. */
async function signIn(
  authenticator: SoftAuthenticator,
  client: Partial<GetAssertionOptions> = {},
  start: { allowCredentials?: Credential[]; freshVerificationOf?: string } = {},
  deps = fixture.deps,
) {
  const answer = (options: PublicKeyCredentialRequestOptionsJSON) => authenticator.getAssertion(options, { origin: ORIGIN, ...client });
  if (start.freshVerificationOf) {
    const binding = sessionBinding({ uid: randomUUID() });
    const options = await startAuthentication(deps, { kind: 'fresh-verification', binding, personId: start.freshVerificationOf, allowCredentials: start.allowCredentials });
    return verifyAssertion(deps, { kind: 'fresh-verification', binding, response: answer(options) });
  }
  const binding = interactionBinding(randomUUID());
  const options = await startAuthentication(deps, { kind: 'passkey-sign-in', binding, personId: null, allowCredentials: start.allowCredentials });
  return verifyAssertion(deps, { kind: 'passkey-sign-in', binding, response: answer(options) });
}

describe('startAuthentication', () => {
  it('asks for user verification and names the allowed credentials', async () => {
    const options = await startAuthentication(fixture.deps, { kind: 'passkey-sign-in', binding: 'interaction:1', personId: null, allowCredentials: [adaCredential] });
    expect(options).toMatchObject({ rpId: RP_ID, userVerification: 'required' });
    expect(options.allowCredentials).toEqual([{ id: adaCredential.id, type: 'public-key', transports: ['hybrid', 'internal'] }]);
    const ceremony = await fixture.store.ceremonies.find('interaction:1', 'passkey-sign-in');
    expect(ceremony?.state).toEqual({ allowCredentialIds: [adaCredential.id] });
  });
});

describe('verifyAssertion', () => {
  it('signs in the owner of a discoverable credential (usernameless)', async () => {
    const result = await signIn(adaKey);
    expect(result.person).toEqual(ada);
    expect(result.credential).toMatchObject({ id: adaCredential.id, personId: ada.id, counter: 1 });
  });

  it('accepts an RS256 passkey', async () => {
    const bob = await fixture.createPerson();
    const bobKey = new SoftAuthenticator();
    const creation = await startRegistration(fixture.deps, { kind: 'new-passkey', binding: 'session:bob', user: bob, personId: bob.id, state: {} });
    const response = bobKey.createCredential(creation, { origin: ORIGIN, algorithm: RS256 });
    const { credential } = await finishRegistration(fixture.deps, { kind: 'new-passkey', binding: 'session:bob', response, createdIn: null });
    await saveCredential(fixture.deps, credential);
    expect((await signIn(bobKey)).person.id).toBe(bob.id);
  });

  it('refuses a usernameless assertion without a userHandle', async () => {
    await expectRefusal(signIn(adaKey, { userHandle: null }), 'user_handle_mismatch');
  });

  it("refuses an attacker's own credential answering with the victim's userHandle", async () => {
    const mallory = await fixture.createPerson('mallory@example.test');
    const malloryKey = new SoftAuthenticator();
    await fixture.registerPasskey(mallory, malloryKey);
    await expectRefusal(signIn(malloryKey, { userHandle: ada.webauthnUserId }), 'user_handle_mismatch');
  });

  it('refuses a userHandle that names nobody', async () => {
    await expectRefusal(signIn(adaKey, { userHandle: Buffer.alloc(32, 1).toString('base64url') }), 'user_handle_mismatch');
  });

  it('refuses a credential that is not among allowCredentials', async () => {
    const secondKey = new SoftAuthenticator();
    const second = await fixture.registerPasskey(ada, secondKey);
    await expect(signIn(secondKey, {}, { allowCredentials: [second] })).resolves.toBeDefined();
    await expectRefusal(signIn(secondKey, { credentialId: second.id }, { allowCredentials: [adaCredential] }), 'credential_not_allowed');
  });

  it('with allowCredentials, accepts a missing userHandle but refuses a wrong one', async () => {
    const mallory = await fixture.createPerson();
    await expect(signIn(adaKey, { userHandle: null }, { allowCredentials: [adaCredential] })).resolves.toBeDefined();
    await expectRefusal(signIn(adaKey, { userHandle: mallory.webauthnUserId }, { allowCredentials: [adaCredential] }), 'user_handle_mismatch');
  });

  it('refuses a credential of another account when the ceremony was started for one', async () => {
    const mallory = await fixture.createPerson();
    const malloryKey = new SoftAuthenticator();
    await fixture.registerPasskey(mallory, malloryKey);
    await expect(signIn(adaKey, {}, { freshVerificationOf: ada.id })).resolves.toBeDefined();
    await expectRefusal(signIn(malloryKey, {}, { freshVerificationOf: ada.id }), 'wrong_account');
  });

  it('refuses an unknown credential', async () => {
    const stranger = new SoftAuthenticator();
    const creation = await startRegistration(fixture.deps, { kind: 'new-passkey', binding: 'session:stranger', user: ada, personId: ada.id, state: {} });
    stranger.createCredential(creation, { origin: ORIGIN });
    await expectRefusal(signIn(stranger), 'unknown_credential');
  });

  it('refuses a bad signature (the library answers verified: false)', async () => {
    await expectRefusal(signIn(adaKey, { corruptSignature: true }), 'not_verified');
    expect((await fixture.store.credentials.findById(adaCredential.id))?.counter).toBe(0);
  });

  it('refuses an assertion without user verification', async () => {
    await expectRefusal(signIn(adaKey, { userVerified: false }), 'not_verified');
  });

  it('refuses an assertion from another origin', async () => {
    await expectRefusal(signIn(adaKey, { origin: 'https://evil.example' }), 'bad_response');
  });

  it('refuses an assertion for another RP ID', async () => {
    await expectRefusal(signIn(adaKey, { rpId: 'evil.example' }), 'bad_response');
  });

  it('refuses an assertion made in a cross-origin iframe', async () => {
    await expectRefusal(signIn(adaKey, { crossOrigin: true }), 'cross_origin');
  });

  it('refuses and records a signature counter that did not increase', async () => {
    await signIn(adaKey, { counter: 7 });
    for (const counter of [7, 3, 0]) {
      await expectRefusal(signIn(adaKey, { counter }), 'counter_regression');
    }
    expect((await fixture.store.credentials.findById(adaCredential.id))?.counter).toBe(7);
    const recorded = fixture.log.lines.filter((line) => line.event === 'passkey.counter_regression');
    expect(recorded.map((line) => [line.level, line.credentialId, line.storedCounter, line.receivedCounter])).toEqual([
      ['warn', adaCredential.id, 7, 7],
      ['warn', adaCredential.id, 7, 3],
      ['warn', adaCredential.id, 7, 0],
    ]);
  });

  it('accepts a counter that stays at zero (authenticators that do not count, such as synced passkeys)', async () => {
    await signIn(adaKey, { counter: 0 });
    await expect(signIn(adaKey, { counter: 0 })).resolves.toMatchObject({ credential: { counter: 0 } });
  });

  it('lets only one of two concurrent sign-ins with the same counter through (compare-and-set)', async () => {
    const store = withCounterReadsMeeting(fixture.store, 2);
    const deps = { ...fixture.deps, store };
    const bindings = [interactionBinding('one'), interactionBinding('two')];
    const responses: AuthenticationResponseJSON[] = [];
    for (const binding of bindings) {
      const options = await startAuthentication(deps, { kind: 'passkey-sign-in', binding, personId: null });
      responses.push(adaKey.getAssertion(options, { origin: ORIGIN, counter: 1 }));
    }
    const results = await Promise.allSettled(bindings.map((binding, i) => verifyAssertion(deps, { kind: 'passkey-sign-in', binding, response: responses[i] })));
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refusal = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!.reason;
    expect(refusal).toMatchObject({ code: 'counter_regression' });
    expect(fixture.log.lines.filter((line) => line.event === 'passkey.counter_regression')).toHaveLength(1);
  });

  it('updates backup state and last use on every sign-in', async () => {
    fixture.advance(60_000);
    adaKey.backedUp = true;
    const synced = await signIn(adaKey);
    expect(synced.backedUp).toBe(true);
    let stored = await fixture.store.credentials.findById(adaCredential.id);
    expect(stored).toMatchObject({ backedUp: true, counter: 1, lastUsedAt: new Date(fixture.deps.now()) });

    fixture.advance(CEREMONY_TTL_MS);
    const notSynced = await signIn(adaKey, { backedUp: false });
    expect(notSynced.backedUp).toBe(false);
    stored = await fixture.store.credentials.findById(adaCredential.id);
    expect(stored).toMatchObject({ backedUp: false, counter: 2, lastUsedAt: new Date(fixture.deps.now()) });
  });
});

/**
 * The real store, except that credential lookups wait for one another: every verification has read
 * the counter before any of them records its use, the race the compare-and-set exists for.
 */
function withCounterReadsMeeting(store: Store, readers: number): Store {
  let arrived = 0;
  let release = () => {};
  const allRead = new Promise<void>((resolve) => (release = resolve));
  const credentials = new Proxy(store.credentials, {
    get(target, key, receiver) {
      if (key !== 'findById') return Reflect.get(target, key, receiver);
      return async (id: string) => {
        const found = await target.findById(id);
        if (++arrived === readers) release();
        await allRead;
        return found;
      };
    },
  });
  return new Proxy(store, {
    get: (target, key, receiver) => (key === 'credentials' ? credentials : Reflect.get(target, key, receiver)),
  });
}
