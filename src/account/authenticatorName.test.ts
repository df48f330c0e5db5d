import { authenticatorName } from './authenticatorName.js';
import { describePasskeys, passkeyKind, passkeyName } from './describePasskeys.js';
import { checkPasskeyName } from './renamePasskey.js';

describe('authenticatorName', () => {
  it.each([
    ['fbfc3007-154e-4ecc-8c0b-6e020557d7bd', 'Apple Passwords'],
    ['EA9B8D66-4D01-1D21-3CE4-B6B48CB575D4', 'Google Password Manager'],
    ['00000000-0000-0000-0000-000000000000', null],
    // Chromium's virtual authenticator: listed under the name "None", which names nothing.
    ['01020304-0506-0708-0102-030405060708', null],
    ['12345678-1234-1234-1234-123456789012', null],
    ['', null],
  ])('names the authenticator of AAGUID %s as %s', (aaguid, name) => {
    expect(authenticatorName(aaguid)).toBe(name);
  });
});

describe('passkey names and kinds', () => {
  const base = { aaguid: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd', name: 'Passkey', backupEligible: true, backedUp: true };

  it('prefers the name the person gave, then the authenticator’s, then "Passkey"', () => {
    expect(passkeyName({ ...base, name: 'Work phone' })).toBe('Work phone');
    expect(passkeyName(base)).toBe('Apple Passwords');
    expect(passkeyName({ ...base, aaguid: '00000000-0000-0000-0000-000000000000' })).toBe('Passkey');
  });

  it('tells synced, syncable and device-bound passkeys apart by their backup flags', () => {
    expect(passkeyKind({ backupEligible: true, backedUp: true })).toBe('synced');
    expect(passkeyKind({ backupEligible: true, backedUp: false })).toBe('not-synced-yet');
    expect(passkeyKind({ backupEligible: false, backedUp: false })).toBe('this-device-only');
  });

  it('numbers the passkeys whose names the list would show twice, oldest first, and leaves the others be', () => {
    const credential = (id: string, createdAt: string, name: string, aaguid = '00000000-0000-0000-0000-000000000000') => ({
      ...base, id, name, aaguid, personId: 'p', publicKey: new Uint8Array(), counter: 0, transports: [], createdIn: 'Chrome on Linux', createdAt: new Date(createdAt), lastUsedAt: null,
    });
    const views = describePasskeys([
      credential('c', '2026-03-01', 'Passkey'),
      credential('a', '2026-01-01', 'Passkey'),
      credential('d', '2026-04-01', 'Passkey', 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd'),
      credential('b', '2026-02-01', 'Work laptop'),
      credential('e', '2026-05-01', 'work LAPTOP'),
    ]);
    expect(views.map((view) => view.label)).toEqual(['Passkey 1', 'Work laptop 1', 'Passkey 2', 'Apple Passwords', 'work LAPTOP 2']);
    expect(views[0]!.createdIn).toBe('Chrome on Linux');
  });

  it('lists the oldest passkey first', () => {
    const credential = (id: string, createdAt: string) => ({
      ...base, id, personId: 'p', publicKey: new Uint8Array(), counter: 0, transports: [], createdIn: null, createdAt: new Date(createdAt), lastUsedAt: null,
    });
    expect(describePasskeys([credential('b', '2026-02-01'), credential('a', '2026-01-01')]).map((p) => p.id)).toEqual(['a', 'b']);
  });

  it('accepts a name of 1 to 64 characters on one line', () => {
    expect(checkPasskeyName('  Yubi\nKey  5 ')).toBe('Yubi Key 5');
    expect(checkPasskeyName('x'.repeat(64))).toHaveLength(64);
    expect(() => checkPasskeyName(' \t ')).toThrow('passkey_name_invalid');
    expect(() => checkPasskeyName('x'.repeat(65))).toThrow('passkey_name_invalid');
  });
});
