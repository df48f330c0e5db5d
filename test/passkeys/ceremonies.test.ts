import { finishRegistration } from '../../src/passkeys/finishRegistration.js';
import { CEREMONY_TTL_MS } from '../../src/passkeys/relyingParty.js';
import { startAuthentication } from '../../src/passkeys/startAuthentication.js';
import { startRegistration } from '../../src/passkeys/startRegistration.js';
import { verifyAssertion } from '../../src/passkeys/verifyAssertion.js';
import type { Person } from '../../src/store/ports.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { createPasskeyFixture, expectRefusal, ORIGIN, type PasskeyFixture } from './passkeyFixture.js';

// The challenge rules of SECURITY.md: fresh, server-side, bound to interaction and purpose,
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

const startRegistrationAt = (binding: string, purpose: 'register' | 'recovery' = 'register') =>
  startRegistration(fixture.deps, { binding, purpose, user: person, personId: person.id });

describe('challenges', () => {
  it('are at least 16 random bytes, new for every ceremony, and kept server-side', async () => {
    const challenges = [
      (await startRegistrationAt('interaction:a')).challenge,
      (await startRegistrationAt('interaction:b')).challenge,
      (await startAuthentication(fixture.deps, { binding: 'interaction:a' })).challenge,
      (await startAuthentication(fixture.deps, { binding: 'interaction:b' })).challenge,
    ];
    for (const challenge of challenges) expect(Buffer.from(challenge, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(new Set(challenges).size).toBe(4);
    expect((await fixture.store.ceremonies.find('interaction:b', 'register'))?.challenge).toBe(challenges[1]);
    expect((await fixture.store.ceremonies.find('interaction:b', 'authenticate'))?.challenge).toBe(challenges[3]);
  });

  it('expire after five minutes (registration)', async () => {
    const options = await startRegistrationAt('interaction:a');
    const response = new SoftAuthenticator().createCredential(options, { origin: ORIGIN });
    fixture.advance(CEREMONY_TTL_MS + 1);
    await expectRefusal(finishRegistration(fixture.deps, { binding: 'interaction:a', response, createdIn: null }), 'ceremony_expired');
  });

  it('expire after five minutes (authentication), and work until then', async () => {
    const late = await startAuthentication(fixture.deps, { binding: 'interaction:late' });
    const onTime = await startAuthentication(fixture.deps, { binding: 'interaction:on-time' });
    const lateResponse = authenticator.getAssertion(late, { origin: ORIGIN });
    const onTimeResponse = authenticator.getAssertion(onTime, { origin: ORIGIN, counter: 50 });
    fixture.advance(CEREMONY_TTL_MS - 1000);
    await expect(verifyAssertion(fixture.deps, { binding: 'interaction:on-time', response: onTimeResponse })).resolves.toBeDefined();
    fixture.advance(1001);
    await expectRefusal(verifyAssertion(fixture.deps, { binding: 'interaction:late', response: lateResponse }), 'ceremony_expired');
  });

  it('are used up by a failed registration attempt, so the same ceremony cannot be retried', async () => {
    const options = await startRegistrationAt('interaction:a');
    const fresh = new SoftAuthenticator();
    const wrong = fresh.createCredential(options, { origin: 'https://evil.example' });
    await expectRefusal(finishRegistration(fixture.deps, { binding: 'interaction:a', response: wrong, createdIn: null }), 'bad_response');
    const right = fresh.createCredential(options, { origin: ORIGIN });
    await expectRefusal(finishRegistration(fixture.deps, { binding: 'interaction:a', response: right, createdIn: null }), 'ceremony_expired');
  });

  it('are used up by a failed sign-in attempt, so the same response cannot be tried again', async () => {
    const options = await startAuthentication(fixture.deps, { binding: 'interaction:a' });
    const unverified = authenticator.getAssertion(options, { origin: ORIGIN, corruptSignature: true });
    await expectRefusal(verifyAssertion(fixture.deps, { binding: 'interaction:a', response: unverified }), 'not_verified');
    const genuine = authenticator.getAssertion(options, { origin: ORIGIN });
    await expectRefusal(verifyAssertion(fixture.deps, { binding: 'interaction:a', response: genuine }), 'ceremony_expired');
  });

  it('cannot be replayed after a successful sign-in', async () => {
    const options = await startAuthentication(fixture.deps, { binding: 'interaction:a' });
    const response = authenticator.getAssertion(options, { origin: ORIGIN });
    await verifyAssertion(fixture.deps, { binding: 'interaction:a', response });
    await startAuthentication(fixture.deps, { binding: 'interaction:a' });
    await expectRefusal(verifyAssertion(fixture.deps, { binding: 'interaction:a', response }), 'bad_response');
    await expectRefusal(verifyAssertion(fixture.deps, { binding: 'interaction:a', response }), 'ceremony_expired');
  });

  it('are bound to their interaction: a response to another interaction\'s challenge is refused', async () => {
    const mine = await startAuthentication(fixture.deps, { binding: 'interaction:victim' });
    await startAuthentication(fixture.deps, { binding: 'interaction:attacker' });
    const response = authenticator.getAssertion(mine, { origin: ORIGIN });
    await expectRefusal(verifyAssertion(fixture.deps, { binding: 'interaction:attacker', response }), 'bad_response');

    const registration = await startRegistrationAt('interaction:victim');
    await startRegistrationAt('interaction:attacker');
    const created = new SoftAuthenticator().createCredential(registration, { origin: ORIGIN });
    await expectRefusal(finishRegistration(fixture.deps, { binding: 'interaction:attacker', response: created, createdIn: null }), 'bad_response');
  });

  it('are replaced when a new ceremony starts on the same interaction', async () => {
    const first = await startAuthentication(fixture.deps, { binding: 'interaction:a' });
    await startAuthentication(fixture.deps, { binding: 'interaction:a' });
    const response = authenticator.getAssertion(first, { origin: ORIGIN });
    await expectRefusal(verifyAssertion(fixture.deps, { binding: 'interaction:a', response }), 'bad_response');
  });

  it('are bound to their purpose: a registration challenge cannot sign anyone in', async () => {
    const options = await startRegistrationAt('interaction:a');
    const response = authenticator.getAssertion({ challenge: options.challenge, rpId: options.rp.id }, { origin: ORIGIN });
    await expectRefusal(verifyAssertion(fixture.deps, { binding: 'interaction:a', response }), 'ceremony_expired');
  });

  it('are bound to their purpose: a sign-in challenge cannot register a passkey', async () => {
    const options = await startAuthentication(fixture.deps, { binding: 'interaction:a' });
    const creation = await startRegistrationAt('interaction:other');
    const response = new SoftAuthenticator().createCredential({ ...creation, challenge: options.challenge }, { origin: ORIGIN });
    await expectRefusal(finishRegistration(fixture.deps, { binding: 'interaction:a', response, createdIn: null }), 'ceremony_expired');
  });

  it('are bound to their purpose: registration and recovery, sign-in and re-authentication are apart', async () => {
    const registration = await startRegistrationAt('session:a', 'register');
    const created = new SoftAuthenticator().createCredential(registration, { origin: ORIGIN });
    await expectRefusal(finishRegistration(fixture.deps, { binding: 'session:a', purpose: 'recovery', response: created, createdIn: null }), 'ceremony_expired');

    const signIn = await startAuthentication(fixture.deps, { binding: 'session:a', purpose: 'authenticate' });
    const asserted = authenticator.getAssertion(signIn, { origin: ORIGIN });
    await expectRefusal(verifyAssertion(fixture.deps, { binding: 'session:a', purpose: 'reauthenticate', response: asserted }), 'ceremony_expired');
  });
});
