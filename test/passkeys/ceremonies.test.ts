import type { Binding } from '../../src/ceremonies/bindings.js';
import { CEREMONY_TTL_MS } from '../../src/ceremonies/kinds.js';
import { finishRegistration } from '../../src/passkeys/finishRegistration.js';
import { startAuthentication } from '../../src/passkeys/startAuthentication.js';
import { startRegistration } from '../../src/passkeys/startRegistration.js';
import { verifyAssertion } from '../../src/passkeys/verifyAssertion.js';
import type { Person } from '../../src/store/ports.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { createPasskeyFixture, expectRefusal, ORIGIN, type PasskeyFixture } from './passkeyFixture.js';

// The challenge rules of README "Security": fresh, server-side, bound to interaction and purpose,
// short-lived, and used up by the first attempt whatever its outcome.

let fixture: PasskeyFixture;
let person: Person;
let authenticator: SoftAuthenticator;
beforeEach(async () => {
  fixture = await createPasskeyFixture();
  person = await fixture.createPerson();
  authenticator = new SoftAuthenticator();
  await fixture.registerPasskey(person, authenticator);
});
afterEach(() => fixture.close());

const startRegistrationAt = (binding: Binding<'interaction' | 'session'>) =>
  startRegistration(fixture.deps, { kind: 'new-passkey', binding, user: person, personId: person.id, state: {} });

describe('challenges', () => {
  it('are at least 16 random bytes, new for every ceremony, and kept server-side', async () => {
    const challenges = [
      (await startRegistrationAt('interaction:a')).challenge,
      (await startRegistrationAt('interaction:b')).challenge,
      (await startAuthentication(fixture.deps, { kind: 'passkey-sign-in', binding: 'interaction:a', personId: null })).challenge,
      (await startAuthentication(fixture.deps, { kind: 'passkey-sign-in', binding: 'interaction:b', personId: null })).challenge,
    ];
    for (const challenge of challenges) expect(Buffer.from(challenge, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(new Set(challenges).size).toBe(4);
    expect((await fixture.store.ceremonies.find('interaction:b', 'new-passkey'))?.challenge).toBe(challenges[1]);
    expect((await fixture.store.ceremonies.find('interaction:b', 'passkey-sign-in'))?.challenge).toBe(challenges[3]);
  });

  it('expire after five minutes (registration)', async () => {
    const options = await startRegistrationAt('interaction:a');
    const response = new SoftAuthenticator().createCredential(options, { origin: ORIGIN });
    fixture.advance(CEREMONY_TTL_MS + 1);
    await expectRefusal(finishRegistration(fixture.deps, { kind: 'new-passkey', binding: 'interaction:a', response, createdIn: null }), 'ceremony_expired');
  });

  it('expire after five minutes (authentication), and work until then', async () => {
    const late = await startAuthentication(fixture.deps, { kind: 'passkey-sign-in', binding: 'interaction:late', personId: null });
    const onTime = await startAuthentication(fixture.deps, { kind: 'passkey-sign-in', binding: 'interaction:on-time', personId: null });
    const lateResponse = authenticator.getAssertion(late, { origin: ORIGIN });
    const onTimeResponse = authenticator.getAssertion(onTime, { origin: ORIGIN, counter: 50 });
    fixture.advance(CEREMONY_TTL_MS - 1000);
    await expect(verifyAssertion(fixture.deps, { kind: 'passkey-sign-in', binding: 'interaction:on-time', response: onTimeResponse })).resolves.toBeDefined();
    fixture.advance(1001);
    await expectRefusal(verifyAssertion(fixture.deps, { kind: 'passkey-sign-in', binding: 'interaction:late', response: lateResponse }), 'ceremony_expired');
  });

  it('are used up by a failed registration attempt, so the same ceremony cannot be retried', async () => {
    const options = await startRegistrationAt('interaction:a');
    const fresh = new SoftAuthenticator();
    const wrong = fresh.createCredential(options, { origin: 'https://evil.example' });
    await expectRefusal(finishRegistration(fixture.deps, { kind: 'new-passkey', binding: 'interaction:a', response: wrong, createdIn: null }), 'bad_response');
    const right = fresh.createCredential(options, { origin: ORIGIN });
    await expectRefusal(finishRegistration(fixture.deps, { kind: 'new-passkey', binding: 'interaction:a', response: right, createdIn: null }), 'ceremony_expired');
  });

  it('are used up by a failed sign-in attempt, so the same response cannot be tried again', async () => {
    const options = await startAuthentication(fixture.deps, { kind: 'passkey-sign-in', binding: 'interaction:a', personId: null });
    const unverified = authenticator.getAssertion(options, { origin: ORIGIN, corruptSignature: true });
    await expectRefusal(verifyAssertion(fixture.deps, { kind: 'passkey-sign-in', binding: 'interaction:a', response: unverified }), 'not_verified');
    const genuine = authenticator.getAssertion(options, { origin: ORIGIN });
    await expectRefusal(verifyAssertion(fixture.deps, { kind: 'passkey-sign-in', binding: 'interaction:a', response: genuine }), 'ceremony_expired');
  });

  it('cannot be replayed after a successful sign-in', async () => {
    const options = await startAuthentication(fixture.deps, { kind: 'passkey-sign-in', binding: 'interaction:a', personId: null });
    const response = authenticator.getAssertion(options, { origin: ORIGIN });
    await verifyAssertion(fixture.deps, { kind: 'passkey-sign-in', binding: 'interaction:a', response });
    await startAuthentication(fixture.deps, { kind: 'passkey-sign-in', binding: 'interaction:a', personId: null });
    await expectRefusal(verifyAssertion(fixture.deps, { kind: 'passkey-sign-in', binding: 'interaction:a', response }), 'bad_response');
    await expectRefusal(verifyAssertion(fixture.deps, { kind: 'passkey-sign-in', binding: 'interaction:a', response }), 'ceremony_expired');
  });

  it('are bound to their interaction: a response to another interaction\'s challenge is refused', async () => {
    const mine = await startAuthentication(fixture.deps, { kind: 'passkey-sign-in', binding: 'interaction:victim', personId: null });
    await startAuthentication(fixture.deps, { kind: 'passkey-sign-in', binding: 'interaction:attacker', personId: null });
    const response = authenticator.getAssertion(mine, { origin: ORIGIN });
    await expectRefusal(verifyAssertion(fixture.deps, { kind: 'passkey-sign-in', binding: 'interaction:attacker', response }), 'bad_response');

    const registration = await startRegistrationAt('interaction:victim');
    await startRegistrationAt('interaction:attacker');
    const created = new SoftAuthenticator().createCredential(registration, { origin: ORIGIN });
    await expectRefusal(finishRegistration(fixture.deps, { kind: 'new-passkey', binding: 'interaction:attacker', response: created, createdIn: null }), 'bad_response');
  });

  it('are replaced when a new ceremony starts on the same interaction', async () => {
    const first = await startAuthentication(fixture.deps, { kind: 'passkey-sign-in', binding: 'interaction:a', personId: null });
    await startAuthentication(fixture.deps, { kind: 'passkey-sign-in', binding: 'interaction:a', personId: null });
    const response = authenticator.getAssertion(first, { origin: ORIGIN });
    await expectRefusal(verifyAssertion(fixture.deps, { kind: 'passkey-sign-in', binding: 'interaction:a', response }), 'bad_response');
  });

  it('are bound to their purpose: a registration challenge cannot sign anyone in', async () => {
    const options = await startRegistrationAt('interaction:a');
    const response = authenticator.getAssertion({ challenge: options.challenge, rpId: options.rp.id }, { origin: ORIGIN });
    await expectRefusal(verifyAssertion(fixture.deps, { kind: 'passkey-sign-in', binding: 'interaction:a', response }), 'ceremony_expired');
  });

  it('are bound to their purpose: a sign-in challenge cannot register a passkey', async () => {
    const options = await startAuthentication(fixture.deps, { kind: 'passkey-sign-in', binding: 'interaction:a', personId: null });
    const creation = await startRegistrationAt('interaction:other');
    const response = new SoftAuthenticator().createCredential({ ...creation, challenge: options.challenge }, { origin: ORIGIN });
    await expectRefusal(finishRegistration(fixture.deps, { kind: 'new-passkey', binding: 'interaction:a', response, createdIn: null }), 'ceremony_expired');
  });

  it('are bound to their kind: a new-passkey ceremony cannot finish a sign-up, nor a sign-up one add a passkey', async () => {
    const registration = await startRegistrationAt('interaction:a');
    const created = new SoftAuthenticator().createCredential(registration, { origin: ORIGIN });
    await expectRefusal(finishRegistration(fixture.deps, { kind: 'sign-up-passkey', binding: 'interaction:a', response: created, createdIn: null }), 'ceremony_expired');

    const identity = { id: 'new-person', webauthnUserId: person.webauthnUserId, email: 'new@example.test', name: null };
    const signUp = await startRegistration(fixture.deps, { kind: 'sign-up-passkey', binding: 'interaction:b', user: identity, personId: null, state: identity });
    const made = new SoftAuthenticator().createCredential(signUp, { origin: ORIGIN });
    await expectRefusal(finishRegistration(fixture.deps, { kind: 'new-passkey', binding: 'interaction:b', response: made, createdIn: null }), 'ceremony_expired');
  });
});
