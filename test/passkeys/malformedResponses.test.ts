import { finishRegistration } from '../../src/passkeys/finishRegistration.js';
import { startAuthentication } from '../../src/passkeys/startAuthentication.js';
import { startRegistration } from '../../src/passkeys/startRegistration.js';
import { verifyAssertion } from '../../src/passkeys/verifyAssertion.js';
import type { Person } from '../../src/store/ports.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { createPasskeyFixture, expectRefusal, ORIGIN, type PasskeyFixture } from './passkeyFixture.js';

// Request bodies are untrusted: every wrong shape must become a `bad_response` refusal,
// never a TypeError from deep inside the verification library (which would be a 500).

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

type Body = Record<string, unknown>;
const notBase64url = 'not base64url!';
const jsonless = Buffer.from('{"type":').toString('base64url');
const arrayJson = Buffer.from('[1,2]').toString('base64url');

const registrationBodies: Array<[string, (valid: Body) => unknown]> = [
  ['null', () => null],
  ['a string', () => 'credential'],
  ['an array', (valid) => [valid]],
  ['an empty object', () => ({})],
  ['a numeric id', (valid) => ({ ...valid, id: 42, rawId: 42 })],
  ['an id that is not base64url', (valid) => ({ ...valid, id: 'a/b+c=', rawId: 'a/b+c=' })],
  ['a rawId different from id', (valid) => ({ ...valid, rawId: 'AAAA' })],
  ['a type other than public-key', (valid) => ({ ...valid, type: 'password' })],
  ['no response', (valid) => ({ ...valid, response: undefined })],
  ['a response that is a string', (valid) => ({ ...valid, response: 'x' })],
  ['clientDataJSON as an object', (valid) => ({ ...valid, response: { ...(valid.response as Body), clientDataJSON: { type: 'webauthn.create' } } })],
  ['clientDataJSON not base64url', (valid) => ({ ...valid, response: { ...(valid.response as Body), clientDataJSON: notBase64url } })],
  ['clientDataJSON that is not JSON', (valid) => ({ ...valid, response: { ...(valid.response as Body), clientDataJSON: jsonless } })],
  ['clientDataJSON that is a JSON array', (valid) => ({ ...valid, response: { ...(valid.response as Body), clientDataJSON: arrayJson } })],
  ['no attestationObject', (valid) => ({ ...valid, response: { ...(valid.response as Body), attestationObject: undefined } })],
  ['an attestationObject that is not CBOR', (valid) => ({ ...valid, response: { ...(valid.response as Body), attestationObject: 'AAAA' } })],
  ['transports as a string', (valid) => ({ ...valid, response: { ...(valid.response as Body), transports: 'usb' } })],
  ['transports with a number', (valid) => ({ ...valid, response: { ...(valid.response as Body), transports: ['usb', 1] } })],
];

const assertionBodies: Array<[string, (valid: Body) => unknown]> = [
  ['null', () => null],
  ['a number', () => 7],
  ['an empty object', () => ({})],
  ['an empty id', (valid) => ({ ...valid, id: '', rawId: '' })],
  ['no response', (valid) => ({ ...valid, response: null })],
  ['a numeric signature', (valid) => ({ ...valid, response: { ...(valid.response as Body), signature: 5 } })],
  ['no authenticatorData', (valid) => ({ ...valid, response: { ...(valid.response as Body), authenticatorData: undefined } })],
  ['authenticatorData too short', (valid) => ({ ...valid, response: { ...(valid.response as Body), authenticatorData: 'AAAA' } })],
  ['a userHandle that is an object', (valid) => ({ ...valid, response: { ...(valid.response as Body), userHandle: { id: 1 } } })],
  ['a userHandle that is not base64url', (valid) => ({ ...valid, response: { ...(valid.response as Body), userHandle: notBase64url } })],
  ['clientDataJSON that is not JSON', (valid) => ({ ...valid, response: { ...(valid.response as Body), clientDataJSON: jsonless } })],
  ['an oversized signature', (valid) => ({ ...valid, response: { ...(valid.response as Body), signature: 'A'.repeat(100_000) } })],
];

describe('finishRegistration with a malformed body', () => {
  it.each(registrationBodies)('refuses %s as bad_response', async (_name, mangle) => {
    const options = await startRegistration(fixture.deps, { kind: 'new-passkey', binding: 'interaction:1', user: person, personId: person.id, state: {} });
    const valid = new SoftAuthenticator().createCredential(options, { origin: ORIGIN }) as unknown as Body;
    await expectRefusal(finishRegistration(fixture.deps, { kind: 'new-passkey', binding: 'interaction:1', response: mangle(valid), createdIn: null }), 'bad_response');
  });
});

describe('verifyAssertion with a malformed body', () => {
  it.each(assertionBodies)('refuses %s as bad_response', async (_name, mangle) => {
    const options = await startAuthentication(fixture.deps, { kind: 'passkey-sign-in', binding: 'interaction:1', personId: null });
    const valid = authenticator.getAssertion(options, { origin: ORIGIN }) as unknown as Body;
    await expectRefusal(verifyAssertion(fixture.deps, { kind: 'passkey-sign-in', binding: 'interaction:1', response: mangle(valid) }), 'bad_response');
  });
});
