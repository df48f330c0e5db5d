import { randomUUID } from 'node:crypto';
import { interactionBinding } from '../../src/ceremonies/bindings.js';
import { finishRegistration } from '../../src/passkeys/finishRegistration.js';
import { saveCredential } from '../../src/passkeys/saveCredential.js';
import { startRegistration } from '../../src/passkeys/startRegistration.js';
import type { Person } from '../../src/store/ports.js';
import { EDDSA, ES256, RS256, SoftAuthenticator, type CreateCredentialOptions } from '../support/softAuthenticator.js';
import { createPasskeyFixture, expectRefusal, ORIGIN, RP_ID, type PasskeyFixture } from './passkeyFixture.js';

let fixture: PasskeyFixture;
let person: Person;
beforeEach(async () => {
  fixture = await createPasskeyFixture();
  person = await fixture.createPerson('ada@example.test');
});
afterEach(() => fixture.close());

/** Starts a ceremony for `person`, lets a fresh authenticator answer with `client`, and finishes it. */
async function register(client: Partial<CreateCredentialOptions> = {}, authenticator = new SoftAuthenticator()) {
  const binding = interactionBinding(randomUUID());
  const options = await startRegistration(fixture.deps, { kind: 'new-passkey', binding, user: person, personId: person.id, state: {} });
  const response = authenticator.createCredential(options, { origin: ORIGIN, ...client });
  return finishRegistration(fixture.deps, { kind: 'new-passkey', binding, response, createdIn: 'Firefox on Linux' });
}

describe('startRegistration', () => {
  it('asks for a discoverable, user-verified passkey with no attestation, offering ES256 and RS256', async () => {
    const options = await startRegistration(fixture.deps, { kind: 'new-passkey', binding: 'interaction:1', user: person, personId: person.id, state: {} });
    expect(options.rp).toEqual({ id: RP_ID, name: 'Example ID' });
    expect(options.user).toEqual({ id: person.webauthnUserId, name: 'ada@example.test', displayName: 'ada@example.test' });
    expect(options.authenticatorSelection).toMatchObject({ residentKey: 'required', requireResidentKey: true, userVerification: 'required' });
    expect(options.attestation).toBe('none');
    expect(options.pubKeyCredParams.map((p) => p.alg)).toEqual([ES256, RS256]);
  });

  it('lists the credentials to exclude', async () => {
    const options = await startRegistration(fixture.deps, {
      kind: 'new-passkey', binding: 'interaction:1', user: person, personId: person.id, excludeCredentialIds: ['AAAA', 'BBBB'], state: {},
    });
    expect(options.excludeCredentials?.map((c) => c.id)).toEqual(['AAAA', 'BBBB']);
  });

  it('keeps the caller state with the ceremony, which it returns on finish', async () => {
    const binding = 'interaction:signup';
    const identity = { id: 'new-account', webauthnUserId: person.webauthnUserId, email: 'ada@example.test', name: null };
    const options = await startRegistration(fixture.deps, { kind: 'sign-up-passkey', binding, user: identity, personId: null, state: identity });
    const response = new SoftAuthenticator().createCredential(options, { origin: ORIGIN });
    const { ceremony, credential } = await finishRegistration(fixture.deps, { kind: 'sign-up-passkey', binding, response, createdIn: null });
    expect(ceremony.state).toEqual(identity);
    expect(ceremony.personId).toBeNull();
    expect(credential.personId).toBe('');
  });

  it('refuses to start a sign-up whose account would get another user handle than the passkey', async () => {
    const identity = { id: 'new-account', webauthnUserId: person.webauthnUserId, email: 'ada@example.test', name: null };
    await expect(startRegistration(fixture.deps, {
      kind: 'sign-up-passkey', binding: 'interaction:signup', user: identity, personId: null, state: { ...identity, webauthnUserId: 'forged' },
    })).rejects.toThrow(/user handle/);
  });
});

describe('finishRegistration', () => {
  it('builds the credential record for the account the ceremony was started for', async () => {
    const authenticator = new SoftAuthenticator({ aaguid: 'adce0002-35bc-c60a-648b-0b25f1f05503', backupEligible: true, backedUp: true });
    const { credential, ceremony } = await register({}, authenticator);
    const held = authenticator.credentials[0]!;
    expect(ceremony.personId).toBe(person.id);
    expect(credential).toEqual({
      id: held.id,
      personId: person.id,
      publicKey: new Uint8Array(held.publicKey),
      counter: 0,
      transports: ['hybrid', 'internal'],
      backupEligible: true,
      backedUp: true,
      aaguid: 'adce0002-35bc-c60a-648b-0b25f1f05503',
      name: 'Passkey',
      createdIn: 'Firefox on Linux',
    });
    expect(credential.publicKey).toBeInstanceOf(Uint8Array);
  });

  it('binds the credential to the ceremony account, never to an account named in the request body', async () => {
    const victim = await fixture.createPerson();
    const binding = 'interaction:1';
    const options = await startRegistration(fixture.deps, { kind: 'new-passkey', binding, user: person, personId: person.id, state: {} });
    const response = { ...new SoftAuthenticator().createCredential(options, { origin: ORIGIN }), personId: victim.id, userId: victim.id };
    const { credential } = await finishRegistration(fixture.deps, { kind: 'new-passkey', binding, response, createdIn: null });
    expect(credential.personId).toBe(person.id);
  });

  it('records a single-device credential as not backup eligible', async () => {
    const { credential } = await register({}, new SoftAuthenticator({ backupEligible: false }));
    expect(credential).toMatchObject({ backupEligible: false, backedUp: false });
  });

  it('accepts an RS256 passkey', async () => {
    const { credential } = await register({ algorithm: RS256 });
    expect(credential.publicKey.length).toBeGreaterThan(256);
  });

  it('refuses a key algorithm it did not offer (EdDSA)', async () => {
    await expectRefusal(register({ algorithm: EDDSA }), 'bad_response');
  });

  it('refuses a response from another origin', async () => {
    await expectRefusal(register({ origin: 'https://id.example.test.evil.example' }), 'bad_response');
  });

  it('refuses a credential scoped to another RP ID', async () => {
    await expectRefusal(register({ rpId: 'evil.example' }), 'bad_response');
  });

  it('refuses a ceremony run in a cross-origin iframe', async () => {
    await expectRefusal(register({ crossOrigin: true }), 'cross_origin');
  });

  it('refuses a credential made without user verification', async () => {
    await expectRefusal(register({ userVerified: false }), 'not_verified');
  });

  it('refuses a credential made without user presence', async () => {
    await expectRefusal(register({ userPresent: false }), 'bad_response');
  });

  it('accepts a credential id of 1023 bytes and refuses one of 1024', async () => {
    const { credential } = await register({ credentialIdLength: 1023 });
    expect(Buffer.from(credential.id, 'base64url')).toHaveLength(1023);
    await expectRefusal(register({ credentialIdLength: 1024 }), 'credential_id_too_long');
  });

  it('refuses a response whose id is not the credential id the authenticator attested', async () => {
    const binding = 'interaction:1';
    const options = await startRegistration(fixture.deps, { kind: 'new-passkey', binding, user: person, personId: person.id, state: {} });
    const response = new SoftAuthenticator().createCredential(options, { origin: ORIGIN });
    const forged = { ...response, id: 'c29tZW9uZS1lbHNlcw', rawId: 'c29tZW9uZS1lbHNlcw' };
    await expectRefusal(finishRegistration(fixture.deps, { kind: 'new-passkey', binding, response: forged, createdIn: null }), 'bad_response');
  });
});

describe('saveCredential', () => {
  it('refuses a credential id already registered to another account', async () => {
    const { credential } = await register();
    await saveCredential(fixture.deps, credential);
    const other = await fixture.createPerson();
    await expectRefusal(saveCredential(fixture.deps, { ...credential, personId: other.id }), 'credential_taken');
    expect((await fixture.store.credentials.findById(credential.id))?.personId).toBe(person.id);
  });

  it('stores the public key byte for byte', async () => {
    const { credential } = await register();
    await saveCredential(fixture.deps, credential);
    const stored = await fixture.store.credentials.findById(credential.id);
    expect(Buffer.from(stored!.publicKey).equals(Buffer.from(credential.publicKey))).toBe(true);
  });
});
