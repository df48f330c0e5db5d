import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type PublicKeyCredentialCreationOptionsJSON,
  type WebAuthnCredential,
} from '@simplewebauthn/server';
import { EDDSA, ES256, RS256, SoftAuthenticator, type SoftAlgorithm } from './softAuthenticator.js';

// The software authenticator is only useful if its output is what a real browser + authenticator
// would send: these tests check it against the verification library directly, with no server code.

const rpID = 'idp.example.test';
const origin = 'https://idp.example.test';
const userID = new Uint8Array(32).fill(7);

function registrationOptions(algs: number[] = [ES256, RS256]): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return generateRegistrationOptions({
    rpName: 'Example',
    rpID,
    userName: 'ada@example.test',
    userID,
    attestationType: 'none',
    supportedAlgorithmIDs: algs,
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  });
}

async function register(authenticator: SoftAuthenticator, algs?: number[]) {
  const options = await registrationOptions(algs);
  const response = authenticator.createCredential(options, { origin });
  const verification = await verifyRegistrationResponse({
    response,
    expectedChallenge: options.challenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    requireUserVerification: true,
  });
  if (!verification.verified) throw new Error('registration did not verify');
  return { options, response, info: verification.registrationInfo };
}

async function authenticate(authenticator: SoftAuthenticator, credential: WebAuthnCredential, client: Parameters<SoftAuthenticator['getAssertion']>[1] = { origin }) {
  const options = await generateAuthenticationOptions({ rpID, userVerification: 'required' });
  const response = authenticator.getAssertion(options, client);
  return {
    response,
    verification: await verifyAuthenticationResponse({
      response,
      expectedChallenge: options.challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      credential,
      requireUserVerification: true,
    }),
  };
}

describe('SoftAuthenticator', () => {
  it.each<[string, SoftAlgorithm]>([
    ['ES256', ES256],
    ['RS256', RS256],
    ['EdDSA', EDDSA],
  ])('makes %s passkeys whose registration and assertions verify', async (_name, alg) => {
    const authenticator = new SoftAuthenticator();
    const { response, info } = await register(authenticator, [alg]);
    expect(info.fmt).toBe('none');
    expect(info.credential.id).toBe(response.id);
    expect(Buffer.from(info.credential.publicKey)).toEqual(Buffer.from(authenticator.credential(response.id).publicKey));
    expect(info.userVerified).toBe(true);

    const stored = { id: info.credential.id, publicKey: info.credential.publicKey, counter: info.credential.counter };
    const { verification } = await authenticate(authenticator, stored);
    expect(verification.verified).toBe(true);
    expect(verification.authenticationInfo.newCounter).toBe(1);
  });

  it('picks the first offered algorithm it supports', async () => {
    const authenticator = new SoftAuthenticator();
    const { info } = await register(authenticator, [-50, RS256, ES256]);
    expect(authenticator.credential(info.credential.id).algorithm).toBe(RS256);
  });

  it('reports its AAGUID and backup flags', async () => {
    const aaguid = 'adce0002-35bc-c60a-648b-0b25f1f05503';
    const authenticator = new SoftAuthenticator({ aaguid, backupEligible: true, backedUp: true });
    const { info } = await register(authenticator);
    expect(info.aaguid).toBe(aaguid);
    expect(info.credentialDeviceType).toBe('multiDevice');
    expect(info.credentialBackedUp).toBe(true);

    const single = await register(new SoftAuthenticator({ backupEligible: false }));
    expect(single.info.credentialDeviceType).toBe('singleDevice');
  });

  it('keeps the user handle and returns it in assertions unless told otherwise', async () => {
    const authenticator = new SoftAuthenticator();
    const { response, info } = await register(authenticator);
    const credential = authenticator.credential(response.id);
    expect(credential.userHandle).toBe(Buffer.from(userID).toString('base64url'));
    const stored = { id: info.credential.id, publicKey: info.credential.publicKey, counter: 0 };

    const own = await authenticate(authenticator, stored);
    expect(own.response.response.userHandle).toBe(credential.userHandle);
    const omitted = await authenticate(authenticator, stored, { origin, userHandle: null });
    expect('userHandle' in omitted.response.response).toBe(false);
    const other = await authenticate(authenticator, stored, { origin, userHandle: 'b3RoZXI' });
    expect(other.response.response.userHandle).toBe('b3RoZXI');
  });

  it('counts up by one per assertion, or uses the counter it is given', async () => {
    const authenticator = new SoftAuthenticator();
    const { info } = await register(authenticator);
    const id = info.credential.id;
    const first = await authenticate(authenticator, { id, publicKey: info.credential.publicKey, counter: 0 });
    const second = await authenticate(authenticator, { id, publicKey: info.credential.publicKey, counter: 1 });
    expect([first.verification.authenticationInfo.newCounter, second.verification.authenticationInfo.newCounter]).toEqual([1, 2]);
    const forced = await authenticate(authenticator, { id, publicKey: info.credential.publicKey, counter: 0 }, { origin, counter: 41 });
    expect(forced.verification.authenticationInfo.newCounter).toBe(41);
    expect(authenticator.credential(id).counter).toBe(41);
  });

  it('can corrupt its signature so that verification returns false', async () => {
    const authenticator = new SoftAuthenticator();
    const { info } = await register(authenticator);
    const stored = { id: info.credential.id, publicKey: info.credential.publicKey, counter: 0 };
    const { verification } = await authenticate(authenticator, stored, { origin, corruptSignature: true });
    expect(verification.verified).toBe(false);
  });

  it('can leave out user verification, which the library then refuses', async () => {
    const authenticator = new SoftAuthenticator();
    const options = await registrationOptions();
    const response = authenticator.createCredential(options, { origin, userVerified: false });
    await expect(
      verifyRegistrationResponse({ response, expectedChallenge: options.challenge, expectedOrigin: origin, expectedRPID: rpID }),
    ).rejects.toThrow(/User verification/);
  });

  it('signs for another RP ID when told to, which the library then refuses', async () => {
    const authenticator = new SoftAuthenticator();
    const options = await registrationOptions();
    const response = authenticator.createCredential(options, { origin, rpId: 'evil.example.test' });
    await expect(
      verifyRegistrationResponse({ response, expectedChallenge: options.challenge, expectedOrigin: origin, expectedRPID: rpID }),
    ).rejects.toThrow(/RP ID/);
  });

  it('writes origin and crossOrigin into clientDataJSON', async () => {
    const authenticator = new SoftAuthenticator();
    const options = await registrationOptions();
    const response = authenticator.createCredential(options, { origin: 'https://frame.example.test', crossOrigin: true });
    const clientData = JSON.parse(Buffer.from(response.response.clientDataJSON, 'base64url').toString('utf8'));
    expect(clientData).toEqual({ type: 'webauthn.create', challenge: options.challenge, origin: 'https://frame.example.test', crossOrigin: true });
  });

  it('makes credential ids of the length asked for', async () => {
    const authenticator = new SoftAuthenticator();
    const options = await registrationOptions();
    const response = authenticator.createCredential(options, { origin, credentialIdLength: 1024 });
    expect(Buffer.from(response.id, 'base64url')).toHaveLength(1024);
    const verification = await verifyRegistrationResponse({ response, expectedChallenge: options.challenge, expectedOrigin: origin, expectedRPID: rpID });
    expect(verification.registrationInfo?.credential.id).toBe(response.id);
  });

  it('refuses to make a second credential for an excluded one it holds', async () => {
    const authenticator = new SoftAuthenticator();
    const { response } = await register(authenticator);
    const options = await generateRegistrationOptions({ rpName: 'Example', rpID, userName: 'ada', userID, excludeCredentials: [{ id: response.id }] });
    expect(() => authenticator.createCredential(options, { origin })).toThrow(/InvalidStateError/);
  });
});
