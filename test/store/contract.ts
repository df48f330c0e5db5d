/**
 * The storage contract: one suite, written once, that every engine runs (test/store/*.test.ts).
 * Each test protects one rule from src/store/ports.ts and fails if an engine breaks it.
 * `open` gets a clock the suite moves, and must give a fresh, empty store each time.
 */
import { DuplicateError, type NewCredential, type NewPerson, type Store } from '../../src/store/ports.js';
import { describeAccessContract } from './accessContract.js';
import { describeApiKeysContract } from './apiKeysContract.js';
import { describeAuditContract } from './auditContract.js';
import { describeOutboxContract } from './outboxContract.js';

const START = Date.UTC(2030, 0, 1, 12);
const MINUTE = 60_000;

export function describeStoreContract(name: string, open: (now: () => number) => Promise<Store>): void {
  describe(`${name} store contract`, () => {
    let time: number;
    let store: Store;
    let sequence = 0;

    beforeEach(async () => {
      time = START;
      store = await open(() => time);
    });
    afterEach(async () => {
      await store.close();
    });

    const person = (overrides: Partial<NewPerson> = {}): NewPerson => {
      sequence += 1;
      return {
        id: `person-${sequence}`,
        webauthnUserId: `handle-${sequence}`,
        email: `person${sequence}@example.com`,
        emailVerified: true,
        name: `Person ${sequence}`,
        ...overrides,
      };
    };
    const credential = (personId: string, overrides: Partial<NewCredential> = {}): NewCredential => {
      sequence += 1;
      return {
        id: `credential-${sequence}`,
        personId,
        publicKey: new Uint8Array([1, 2, 3, sequence % 256]),
        counter: 0,
        transports: ['internal', 'hybrid'],
        backupEligible: true,
        backedUp: false,
        aaguid: '00000000-0000-0000-0000-000000000000',
        name: 'Passkey',
        createdIn: 'Chrome on Linux',
        ...overrides,
      };
    };

    it('answers a ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
      expect(['sqlite', 'mongo']).toContain(store.engine);
    });

    describe('people', () => {
      it('finds a person by id, by email in any case, and by user handle', async () => {
        const inserted = await store.people.insert(person({ id: 'p1', webauthnUserId: 'h1', email: 'Ada@Example.com' }));
        expect(inserted).toEqual({
          id: 'p1', webauthnUserId: 'h1', email: 'Ada@Example.com', emailVerified: true, name: expect.any(String),
          givenName: null, familyName: null, preferredUsername: null, picture: null, locale: null,
          isAdmin: false, disabledAt: null, claims: {}, createdAt: new Date(START), updatedAt: new Date(START),
        });
        expect(await store.people.findById('p1')).toEqual(inserted);
        expect(await store.people.findByEmail('  ada@EXAMPLE.com ')).toEqual(inserted);
        expect(await store.people.findByWebauthnUserId('h1')).toEqual(inserted);
        expect((await store.people.findById('p1'))?.createdAt).toBeInstanceOf(Date);
      });

      it('returns null for a person who does not exist', async () => {
        await store.people.insert(person());
        expect(await store.people.findById('absent')).toBeNull();
        expect(await store.people.findByEmail('absent@example.com')).toBeNull();
        expect(await store.people.findByWebauthnUserId('absent')).toBeNull();
        expect(await store.people.update('absent', { name: 'x' })).toBeNull();
        expect(await store.people.remove('absent')).toBe(false);
      });

      it('refuses a second person whose email differs only in case', async () => {
        await store.people.insert(person({ email: 'ada@example.com' }));
        await expect(store.people.insert(person({ email: 'ADA@example.com' }))).rejects.toBeInstanceOf(DuplicateError);
        expect(await store.people.count()).toBe(1);
      });

      it('refuses a second person with the same user handle', async () => {
        await store.people.insert(person({ webauthnUserId: 'same' }));
        await expect(store.people.insert(person({ webauthnUserId: 'same' }))).rejects.toBeInstanceOf(DuplicateError);
      });

      it('lets only one of two concurrent sign-ups take an email', async () => {
        const results = await Promise.allSettled([
          store.people.insert(person({ email: 'race@example.com' })),
          store.people.insert(person({ email: 'Race@example.com' })),
        ]);
        expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
        expect(results.find((result) => result.status === 'rejected')).toMatchObject({ reason: expect.any(DuplicateError) });
      });

      it('updates email, verification and name, and finds the person by the new email only', async () => {
        const { id } = await store.people.insert(person({ email: 'old@example.com', emailVerified: true }));
        const updated = await store.people.update(id, { email: 'New@example.com', emailVerified: false, name: null });
        expect(updated).toMatchObject({ id, email: 'New@example.com', emailVerified: false, name: null });
        expect(await store.people.findByEmail('new@example.com')).toMatchObject({ id });
        expect(await store.people.findByEmail('old@example.com')).toBeNull();
        expect(await store.people.update(id, { name: 'Ada' })).toMatchObject({ email: 'New@example.com', name: 'Ada' });
      });

      it("refuses to change an email to someone else's, and keeps the old one", async () => {
        await store.people.insert(person({ email: 'taken@example.com' }));
        const { id } = await store.people.insert(person({ email: 'mine@example.com' }));
        await expect(store.people.update(id, { email: 'TAKEN@example.com' })).rejects.toBeInstanceOf(DuplicateError);
        expect(await store.people.findById(id)).toMatchObject({ email: 'mine@example.com' });
      });

      it('lists and counts everyone', async () => {
        await store.people.insert(person({ id: 'a' }));
        await store.people.insert(person({ id: 'b' }));
        expect((await store.people.list()).map((p) => p.id).sort()).toEqual(['a', 'b']);
        expect(await store.people.count()).toBe(2);
      });

      it('removes a person together with their credentials, and nobody else’s', async () => {
        const leaving = await store.people.insert(person());
        const staying = await store.people.insert(person());
        const gone = await store.credentials.insert(credential(leaving.id));
        const kept = await store.credentials.insert(credential(staying.id));
        expect(await store.people.remove(leaving.id)).toBe(true);
        expect(await store.people.findById(leaving.id)).toBeNull();
        expect(await store.credentials.findById(gone.id)).toBeNull();
        expect(await store.credentials.listByPerson(leaving.id)).toEqual([]);
        expect(await store.credentials.findById(kept.id)).not.toBeNull();
        expect(await store.people.remove(leaving.id)).toBe(false);
      });

      describe('a change that may end an administration', () => {
        const active = async () => (await store.people.list()).filter((p) => p.isAdmin && p.disabledAt === null).map((p) => p.id);

        it('refuses to disable or unflag the last active administrator, with nothing changed', async () => {
          const only = await store.people.insert(person({ isAdmin: true }));
          const other = await store.people.insert(person());
          expect(await store.people.updateUnlessLastAdministrator(only.id, { disabledAt: new Date(time) })).toBe('last_administrator');
          expect(await store.people.updateUnlessLastAdministrator(only.id, { isAdmin: false })).toBe('last_administrator');
          expect(await store.people.findById(only.id)).toMatchObject({ isAdmin: true, disabledAt: null });
          expect(await store.people.updateUnlessLastAdministrator(other.id, { disabledAt: new Date(time) })).toMatchObject({ id: other.id, disabledAt: new Date(time) });
          expect(await store.people.updateUnlessLastAdministrator('absent', { isAdmin: false })).toBeNull();
        });

        it('counts administrators made or enabled after, and never one taken away by a plain write', async () => {
          const first = await store.people.insert(person({ isAdmin: true }));
          expect(await store.people.updateUnlessLastAdministrator(first.id, { isAdmin: false })).toBe('last_administrator');
          const second = await store.people.insert(person({ isAdmin: true }));
          expect(await store.people.updateUnlessLastAdministrator(first.id, { disabledAt: new Date(time) })).toMatchObject({ disabledAt: new Date(time) });
          expect(await store.people.update(first.id, { disabledAt: null })).toMatchObject({ disabledAt: null });
          await store.people.update(second.id, { isAdmin: false });
          expect(await store.people.updateUnlessLastAdministrator(first.id, { isAdmin: false })).toBe('last_administrator');
          await store.people.update(second.id, { isAdmin: true });
          await store.people.remove(second.id);
          expect(await store.people.updateUnlessLastAdministrator(first.id, { isAdmin: false })).toBe('last_administrator');
          expect(await active()).toEqual([first.id]);
        });

        it('of 50 concurrent changes of two administrators disabling each other, keeps exactly one, and every change answered is stored', async () => {
          const a = await store.people.insert(person({ isAdmin: true }));
          const b = await store.people.insert(person({ isAdmin: true }));
          const outcomes = await Promise.all(Array.from({ length: 50 }, async (_, i) => {
            const target = i % 2 ? a : b;
            const change = i % 3 ? { disabledAt: new Date(time) } : { isAdmin: false };
            return { target, change, answer: await store.people.updateUnlessLastAdministrator(target.id, change) };
          }));
          const stays = await active();
          expect(stays).toHaveLength(1);
          const passed = outcomes.filter((outcome) => outcome.answer !== 'last_administrator');
          expect(passed.length).toBeGreaterThanOrEqual(1);
          for (const { target, change, answer } of passed) {
            expect(answer).toMatchObject({ id: target.id, ...change });
            expect(await store.people.findById(target.id)).toMatchObject(change);
            expect(stays).not.toContain(target.id);
          }
        });
      });
    });

    describe('credentials', () => {
      let owner: string;
      let other: string;
      beforeEach(async () => {
        owner = (await store.people.insert(person())).id;
        other = (await store.people.insert(person())).id;
      });

      it('keeps a public key byte for byte, as a plain Uint8Array', async () => {
        const publicKey = new Uint8Array(256).map((_, index) => index);
        publicKey.set([0x00, 0xff, 0x00, 0x80], 0);
        publicKey.set([0xff, 0x00], 254);
        await store.credentials.insert(credential(owner, { id: 'key', publicKey }));
        const found = await store.credentials.findById('key');
        expect(Object.getPrototypeOf(found?.publicKey)).toBe(Uint8Array.prototype);
        expect(Array.from(found!.publicKey)).toEqual(Array.from(publicKey));
        const [listed] = await store.credentials.listByPerson(owner);
        expect(Array.from(listed!.publicKey)).toEqual(Array.from(publicKey));
      });

      it('keeps exactly the bytes of a public key that is a view into a larger buffer', async () => {
        // Decoders (CBOR, base64url) hand out views: only the viewed bytes are the key.
        const publicKey = new Uint8Array(64).map((_, index) => index).subarray(7, 40);
        await store.credentials.insert(credential(owner, { id: 'view', publicKey }));
        expect(Array.from((await store.credentials.findById('view'))!.publicKey)).toEqual(Array.from(publicKey));
      });

      it('returns every field as it was registered', async () => {
        const registered = credential(owner, { counter: 7, transports: ['usb', 'nfc'], backupEligible: false, createdIn: null });
        const inserted = await store.credentials.insert(registered);
        const expected = { ...registered, createdAt: new Date(START), lastUsedAt: null };
        expect(inserted).toEqual(expected);
        expect(await store.credentials.findById(registered.id)).toEqual(expected);
      });

      it('refuses a credential id that another person already registered', async () => {
        await store.credentials.insert(credential(owner, { id: 'shared' }));
        await expect(store.credentials.insert(credential(other, { id: 'shared' }))).rejects.toBeInstanceOf(DuplicateError);
        expect(await store.credentials.findById('shared')).toMatchObject({ personId: owner });
        expect(await store.credentials.listByPerson(other)).toEqual([]);
      });

      it('lets only one of two concurrent registrations of one credential id succeed', async () => {
        const results = await Promise.allSettled([
          store.credentials.insert(credential(owner, { id: 'race' })),
          store.credentials.insert(credential(other, { id: 'race' })),
        ]);
        expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
        expect(await store.credentials.count()).toBe(1);
      });

      it('treats credential ids as case-sensitive (base64url)', async () => {
        await store.credentials.insert(credential(owner, { id: 'AbC' }));
        await store.credentials.insert(credential(owner, { id: 'abc' }));
        expect((await store.credentials.findById('abc'))?.id).toBe('abc');
        expect(await store.credentials.findById('ABC')).toBeNull();
      });

      it('records a use when the counter is still the one read', async () => {
        const { id } = await store.credentials.insert(credential(owner, { counter: 5 }));
        const usedAt = new Date(START + MINUTE);
        expect(await store.credentials.recordUse(id, { expectedCounter: 5, newCounter: 6, backedUp: true, usedAt })).toBe(true);
        expect(await store.credentials.findById(id)).toMatchObject({ counter: 6, backedUp: true, lastUsedAt: usedAt });
      });

      it('refuses a use against a stale counter and changes nothing', async () => {
        const { id } = await store.credentials.insert(credential(owner, { counter: 5 }));
        const use = { expectedCounter: 4, newCounter: 9, backedUp: true, usedAt: new Date(START + MINUTE) };
        expect(await store.credentials.recordUse(id, use)).toBe(false);
        expect(await store.credentials.findById(id)).toMatchObject({ counter: 5, backedUp: false, lastUsedAt: null });
        expect(await store.credentials.recordUse('absent', { ...use, expectedCounter: 5 })).toBe(false);
      });

      it('lets only one of several concurrent uses with the same counter through', async () => {
        const { id } = await store.credentials.insert(credential(owner, { counter: 1 }));
        const use = (newCounter: number) => store.credentials.recordUse(id, {
          expectedCounter: 1, newCounter, backedUp: false, usedAt: new Date(START),
        });
        const results = await Promise.all([2, 3, 4, 5, 6].map(use));
        expect(results.filter(Boolean)).toHaveLength(1);
        const winner = [2, 3, 4, 5, 6][results.indexOf(true)];
        expect(await store.credentials.findById(id)).toMatchObject({ counter: winner });
      });

      it('records use after use of a passkey whose counter stays at zero', async () => {
        const { id } = await store.credentials.insert(credential(owner, { counter: 0 }));
        for (const minutes of [1, 2, 3]) {
          const usedAt = new Date(START + minutes * MINUTE);
          expect(await store.credentials.recordUse(id, { expectedCounter: 0, newCounter: 0, backedUp: true, usedAt })).toBe(true);
          expect(await store.credentials.findById(id)).toMatchObject({ counter: 0, lastUsedAt: usedAt });
        }
      });

      it('moves a counter on from each value once, use after use', async () => {
        const { id } = await store.credentials.insert(credential(owner, { counter: 0 }));
        const use = (expectedCounter: number, newCounter: number) => store.credentials.recordUse(id, {
          expectedCounter, newCounter, backedUp: false, usedAt: new Date(START),
        });
        expect(await use(0, 1)).toBe(true);
        expect(await use(1, 2)).toBe(true);
        expect(await use(1, 3)).toBe(false);
        expect(await use(2, 3)).toBe(true);
        expect(await store.credentials.findById(id)).toMatchObject({ counter: 3 });
      });

      it('lists only the credentials of one person', async () => {
        await store.credentials.insert(credential(owner, { id: 'mine-1' }));
        await store.credentials.insert(credential(owner, { id: 'mine-2' }));
        await store.credentials.insert(credential(other, { id: 'theirs' }));
        expect((await store.credentials.listByPerson(owner)).map((c) => c.id).sort()).toEqual(['mine-1', 'mine-2']);
        expect(await store.credentials.count()).toBe(3);
      });

      it('renames and removes a credential only for its owner', async () => {
        const { id } = await store.credentials.insert(credential(owner, { name: 'Laptop' }));
        expect(await store.credentials.rename(id, other, 'Stolen')).toBe(false);
        expect(await store.credentials.remove(id, other)).toBe(false);
        expect(await store.credentials.findById(id)).toMatchObject({ name: 'Laptop' });
        expect(await store.credentials.rename(id, owner, 'Phone')).toBe(true);
        expect(await store.credentials.findById(id)).toMatchObject({ name: 'Phone' });
        expect(await store.credentials.remove(id, owner)).toBe(true);
        expect(await store.credentials.findById(id)).toBeNull();
      });

      it('returns null for a credential that does not exist', async () => {
        expect(await store.credentials.findById('absent')).toBeNull();
        expect(await store.credentials.listByPerson('absent')).toEqual([]);
      });
    });

    describe('ceremonies', () => {
      const ceremony = (overrides: Partial<Parameters<Store['ceremonies']['put']>[0]> = {}) => ({
        binding: 'interaction:abc',
        purpose: 'register' as const,
        challenge: 'challenge-1',
        personId: 'p1',
        state: { email: 'ada@example.com', nested: { step: 1 } },
        expiresAt: new Date(START + 5 * MINUTE),
        ...overrides,
      });

      it('finds a ceremony without consuming it', async () => {
        await store.ceremonies.put(ceremony());
        expect(await store.ceremonies.find('interaction:abc', 'register')).toEqual(ceremony());
        expect(await store.ceremonies.find('interaction:abc', 'register')).toEqual(ceremony());
      });

      it('keeps one ceremony per binding and purpose: a new one replaces the old', async () => {
        await store.ceremonies.put(ceremony({ challenge: 'old' }));
        await store.ceremonies.put(ceremony({ challenge: 'new', personId: null }));
        await store.ceremonies.put(ceremony({ purpose: 'authenticate', challenge: 'other' }));
        expect(await store.ceremonies.take('interaction:abc', 'register')).toMatchObject({ challenge: 'new', personId: null });
        expect(await store.ceremonies.take('interaction:abc', 'register')).toBeNull();
        expect(await store.ceremonies.find('interaction:abc', 'authenticate')).toMatchObject({ challenge: 'other' });
      });

      it('hands a ceremony out once', async () => {
        await store.ceremonies.put(ceremony());
        expect(await store.ceremonies.take('interaction:abc', 'register')).toEqual(ceremony());
        expect(await store.ceremonies.take('interaction:abc', 'register')).toBeNull();
        expect(await store.ceremonies.find('interaction:abc', 'register')).toBeNull();
      });

      it('gives a ceremony to exactly one of several concurrent takers', async () => {
        await store.ceremonies.put(ceremony());
        const taken = await Promise.all(Array.from({ length: 5 }, () => store.ceremonies.take('interaction:abc', 'register')));
        expect(taken.filter((result) => result !== null)).toHaveLength(1);
      });

      it('treats an expired ceremony as gone for find and take', async () => {
        await store.ceremonies.put(ceremony());
        time = START + 5 * MINUTE;
        expect(await store.ceremonies.find('interaction:abc', 'register')).toBeNull();
        expect(await store.ceremonies.take('interaction:abc', 'register')).toBeNull();
      });

      it('sweeps expired ceremonies away', async () => {
        await store.ceremonies.put(ceremony());
        await store.ceremonies.put(ceremony({ binding: 'session:live', expiresAt: new Date(START + 60 * MINUTE) }));
        time = START + 10 * MINUTE;
        await store.sweep();
        time = START; // had sweep left the row, it would be live again at this time
        expect(await store.ceremonies.find('interaction:abc', 'register')).toBeNull();
        expect(await store.ceremonies.find('session:live', 'register')).not.toBeNull();
      });
    });

    describe('secrets', () => {
      it('returns null for a secret never stored', async () => {
        expect(await store.secrets.find('cookie-keys')).toBeNull();
      });

      it('keeps the first value put, and returns it to later callers', async () => {
        const first = { keys: ['a', 'b'], created: 1 };
        expect(await store.secrets.putIfAbsent('cookie-keys', first)).toEqual(first);
        expect(await store.secrets.putIfAbsent('cookie-keys', { keys: ['c'] })).toEqual(first);
        expect(await store.secrets.find('cookie-keys')).toEqual(first);
      });

      it('gives instances starting at once the same value', async () => {
        const values = await Promise.all([1, 2, 3].map((n) => store.secrets.putIfAbsent('signing-keys', { n })));
        expect(new Set(values.map((value) => JSON.stringify(value))).size).toBe(1);
      });
    });

    describe('oidc records', () => {
      const oidc = () => store.oidc;

      it('returns what was upserted, per model, and null when absent', async () => {
        await oidc().upsert('Grant', 'g1', { accountId: 'p1', clientId: 'app', openid: { scope: 'openid' } }, 600);
        expect(await oidc().find('Grant', 'g1')).toEqual({ accountId: 'p1', clientId: 'app', openid: { scope: 'openid' } });
        expect(await oidc().find('Grant', 'g2')).toBeNull();
        expect(await oidc().find('Session', 'g1')).toBeNull();
      });

      it('replaces a payload on upsert', async () => {
        await oidc().upsert('Session', 's1', { uid: 'u1', accountId: 'p1' }, 600);
        await oidc().upsert('Session', 's1', { uid: 'u2' }, 600);
        expect(await oidc().find('Session', 's1')).toEqual({ uid: 'u2' });
        expect(await oidc().findByUid('Session', 'u1')).toBeNull();
        expect(await oidc().list('Session', { accountId: 'p1' })).toEqual([]);
      });

      it('keeps records without an expiry (clients) forever', async () => {
        await oidc().upsert('Client', 'app', { client_id: 'app' });
        time = START + 10 * 365 * 24 * 60 * MINUTE;
        await store.sweep();
        expect(await oidc().find('Client', 'app')).toEqual({ client_id: 'app' });
      });

      it('finds a record by uid and by user code, within its model', async () => {
        await oidc().upsert('Session', 's1', { uid: 'u1' }, 600);
        await oidc().upsert('DeviceCode', 'd1', { userCode: 'WDJB-MJHT' }, 600);
        expect(await oidc().findByUid('Session', 'u1')).toEqual({ uid: 'u1' });
        expect(await oidc().findByUserCode('DeviceCode', 'WDJB-MJHT')).toEqual({ userCode: 'WDJB-MJHT' });
        expect(await oidc().findByUid('Session', 'u2')).toBeNull();
        expect(await oidc().findByUid('Interaction', 'u1')).toBeNull();
        expect(await oidc().findByUserCode('DeviceCode', 'XXXX-XXXX')).toBeNull();
      });

      it('consumes a code once', async () => {
        await oidc().upsert('AuthorizationCode', 'c1', { grantId: 'g1' }, 60);
        expect(await oidc().consume('AuthorizationCode', 'c1')).toBe(true);
        expect(await oidc().consume('AuthorizationCode', 'c1')).toBe(false);
        const found = await oidc().find('AuthorizationCode', 'c1');
        expect(found).toMatchObject({ grantId: 'g1', consumed: expect.any(Number) });
        expect(found?.consumed).toBeGreaterThan(0);
      });

      it('lets exactly one of several concurrent consumers consume a code', async () => {
        await oidc().upsert('AuthorizationCode', 'c1', { grantId: 'g1' }, 60);
        const results = await Promise.all(Array.from({ length: 5 }, () => oidc().consume('AuthorizationCode', 'c1')));
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('keeps a consumed record consumed when it is saved again', async () => {
        await oidc().upsert('RefreshToken', 'r1', { grantId: 'g1' }, 600);
        expect(await oidc().consume('RefreshToken', 'r1')).toBe(true);
        const { consumed } = (await oidc().find('RefreshToken', 'r1'))!;
        await oidc().upsert('RefreshToken', 'r1', { grantId: 'g1', rotations: 1 }, 600);
        expect(await oidc().find('RefreshToken', 'r1')).toEqual({ grantId: 'g1', rotations: 1, consumed });
        expect(await oidc().consume('RefreshToken', 'r1')).toBe(false);
      });

      it('keeps a payload whole: nested objects, arrays, nulls, and claim names with dots or dollars', async () => {
        const payload = {
          accountId: 'p1',
          claims: { id_token: { 'https://example.com/claims/role': { essential: true }, email: null } },
          rejected: ['$weird', 'a.b'],
          $scope: 'openid',
          exp: 4102444800,
          nested: { deep: [{ x: 1.5 }, 'ü€😀'] },
        };
        await oidc().upsert('Grant', 'g1', payload, 600);
        expect(await oidc().find('Grant', 'g1')).toEqual(payload);
        expect(await oidc().list('Grant', { accountId: 'p1' })).toEqual([{ id: 'g1', payload, activity: null }]);
      });

      it('refuses to consume a record that is absent or expired', async () => {
        expect(await oidc().consume('AuthorizationCode', 'absent')).toBe(false);
        await oidc().upsert('AuthorizationCode', 'c1', { grantId: 'g1' }, 60);
        time = START + 60_000;
        expect(await oidc().consume('AuthorizationCode', 'c1')).toBe(false);
      });

      it('never returns an expired record, by any lookup', async () => {
        await oidc().upsert('Session', 's1', { uid: 'u1', accountId: 'p1' }, 60);
        await oidc().upsert('DeviceCode', 'd1', { userCode: 'CODE', accountId: 'p1' }, 60);
        time = START + 59_999;
        expect(await oidc().find('Session', 's1')).not.toBeNull();
        time = START + 60_000;
        expect(await oidc().find('Session', 's1')).toBeNull();
        expect(await oidc().findByUid('Session', 'u1')).toBeNull();
        expect(await oidc().findByUserCode('DeviceCode', 'CODE')).toBeNull();
        expect(await oidc().list('Session')).toEqual([]);
        expect(await oidc().list('Session', { accountId: 'p1' })).toEqual([]);
        expect(await oidc().count('Session')).toBe(0);
        expect(await oidc().destroyByAccount('DeviceCode', 'p1')).toBe(0);
      });

      it('destroys one record', async () => {
        await oidc().upsert('AccessToken', 'a1', { grantId: 'g1' }, 60);
        await oidc().upsert('AccessToken', 'a2', { grantId: 'g1' }, 60);
        await oidc().destroy('AccessToken', 'a1');
        await oidc().destroy('AccessToken', 'absent');
        expect(await oidc().find('AccessToken', 'a1')).toBeNull();
        expect(await oidc().find('AccessToken', 'a2')).not.toBeNull();
      });

      it('revokes every record of a grant, of any model, and nothing else', async () => {
        await oidc().upsert('AccessToken', 'a1', { grantId: 'g1' }, 60);
        await oidc().upsert('RefreshToken', 'r1', { grantId: 'g1' }, 600);
        await oidc().upsert('AuthorizationCode', 'c1', { grantId: 'g1' }, 60);
        await oidc().upsert('AccessToken', 'a2', { grantId: 'g2' }, 60);
        await oidc().revokeByGrantId('g1');
        expect(await oidc().find('AccessToken', 'a1')).toBeNull();
        expect(await oidc().find('RefreshToken', 'r1')).toBeNull();
        expect(await oidc().find('AuthorizationCode', 'c1')).toBeNull();
        expect(await oidc().find('AccessToken', 'a2')).not.toBeNull();
      });

      it('lists the live records of a model, optionally of one account', async () => {
        await oidc().upsert('Session', 's1', { uid: 'u1', accountId: 'p1' }, 600);
        await oidc().upsert('Session', 's2', { uid: 'u2', accountId: 'p2' }, 600);
        await oidc().upsert('Session', 's3', { uid: 'u3', accountId: 'p1' }, 60);
        await oidc().upsert('Grant', 'g1', { accountId: 'p1' }, 600);
        time = START + 2 * MINUTE;
        expect((await oidc().list('Session')).map((r) => r.id).sort()).toEqual(['s1', 's2']);
        expect(await oidc().list('Session', { accountId: 'p1' })).toEqual([
          { id: 's1', payload: { uid: 'u1', accountId: 'p1' }, activity: null },
        ]);
        expect(await oidc().count('Session')).toBe(2);
        expect(await oidc().count('Grant')).toBe(1);
      });

      describe('the sign-in ceremony kept on an interaction', () => {
        const ceremony = (challenge: string, minutes = 5) => ({ challenge, allowCredentialIds: [], expiresAt: new Date(time + minutes * MINUTE) });
        const login = { prompt: { name: 'login' }, returnTo: '/resume' };

        it('is created with the interaction, and kept by later upserts of its payload', async () => {
          await oidc().upsert('Interaction', 'i1', login, 600, { ceremony: ceremony('c1') });
          await oidc().upsert('Interaction', 'i1', { ...login, result: { x: 1 } }, 600, { ceremony: ceremony('other') });
          expect(await oidc().findCeremony('i1')).toEqual(ceremony('c1'));
          expect(await oidc().find('Interaction', 'i1')).toEqual({ ...login, result: { x: 1 } });
          expect(await oidc().findCeremony('absent')).toBeNull();
        });

        it('is replaced by a new one, on a live interaction only', async () => {
          await oidc().upsert('Interaction', 'i1', login, 600, { ceremony: ceremony('c1') });
          expect(await oidc().putCeremony('i1', { ...ceremony('c2'), allowCredentialIds: ['k1', 'k2'] })).toBe(true);
          expect(await oidc().findCeremony('i1')).toEqual({ ...ceremony('c2'), allowCredentialIds: ['k1', 'k2'] });
          expect(await oidc().useCeremony('i1', 'c1')).toBeNull();
          expect(await oidc().putCeremony('gone', ceremony('c3'))).toBe(false);
        });

        it('is used up once, with or without saving the interaction in the same write', async () => {
          await oidc().upsert('Interaction', 'i1', login, 600, { ceremony: ceremony('c1') });
          expect(await oidc().useCeremony('i1', 'c1', { payload: { ...login, result: { login: 'p1' } }, expiresIn: 300 })).toEqual({ saved: true, auditFailure: null });
          expect(await oidc().find('Interaction', 'i1')).toEqual({ ...login, result: { login: 'p1' } });
          expect(await oidc().findCeremony('i1')).toBeNull();
          expect(await oidc().useCeremony('i1', 'c1')).toBeNull();
          await oidc().upsert('Interaction', 'i2', login, 600, { ceremony: ceremony('c2') });
          expect(await oidc().useCeremony('i2', 'c2')).toEqual({ saved: true, auditFailure: null });
          expect(await oidc().useCeremony('i2', 'c2', { payload: { ...login, result: { login: 'p1' } }, expiresIn: 300 })).toBeNull();
          expect(await oidc().find('Interaction', 'i2')).toEqual(login);
        });

        it('is gone once its 5 minutes have passed, though the interaction lives on', async () => {
          await oidc().upsert('Interaction', 'i1', login, 3600, { ceremony: ceremony('c1') });
          time += 5 * MINUTE;
          expect(await oidc().findCeremony('i1')).toBeNull();
          expect(await oidc().useCeremony('i1', 'c1', { payload: { ...login, result: {} }, expiresIn: 300 })).toBeNull();
          expect(await oidc().find('Interaction', 'i1')).toEqual(login);
        });

        it('lets exactly one of 50 concurrent answers use it', async () => {
          await oidc().upsert('Interaction', 'i1', login, 600, { ceremony: ceremony('c1') });
          const outcomes = await Promise.all(Array.from({ length: 50 }, (_, i) => oidc().useCeremony('i1', 'c1', i % 2 === 0
            ? { payload: { ...login, result: { login: `p${i}` } }, expiresIn: 300 } : undefined)));
          expect(outcomes.filter(Boolean)).toHaveLength(1);
          expect(await oidc().findCeremony('i1')).toBeNull();
        });

        const signInEvent = (id: string) => ({
          id, at: new Date(time), type: 'sign_in', personId: 'p1', email: 'Ada@Example.com', clientId: 'app', ip: '203.0.113.1', browser: null, actor: null, detail: { via: 'sign-in' },
        });

        it('writes the audit event given with the save, only when the save is written', async () => {
          await oidc().upsert('Interaction', 'i1', login, 600, { ceremony: ceremony('c1') });
          const save = (id: string) => ({ payload: { ...login, result: { login: 'p1' } }, expiresIn: 300, audit: signInEvent(id) });
          expect(await oidc().useCeremony('i1', 'c1', save('e1'))).toEqual({ saved: true, auditFailure: null });
          expect(await oidc().useCeremony('i1', 'c1', save('e2'))).toBeNull();
          expect((await store.audit.list({ personId: 'p1', limit: 10 })).map((event) => [event.id, event.email])).toEqual([['e1', 'ada@example.com']]);
        });

        it('keeps the save when its audit event cannot be written, and says why', async () => {
          await store.audit.insert(signInEvent('taken'));
          await oidc().upsert('Interaction', 'i1', login, 600, { ceremony: ceremony('c1') });
          const used = await oidc().useCeremony('i1', 'c1', { payload: { ...login, result: { login: 'p1' } }, expiresIn: 300, audit: signInEvent('taken') });
          expect(used?.auditFailure).toBeInstanceOf(Error);
          expect(await oidc().find('Interaction', 'i1')).toEqual({ ...login, result: { login: 'p1' } });
          expect(await oidc().findCeremony('i1')).toBeNull();
        });
      });

      describe('the use of a passkey saved with a sign-in', () => {
        const ceremony = (challenge: string) => ({ challenge, allowCredentialIds: [], expiresAt: new Date(time + 5 * MINUTE) });
        const login = { prompt: { name: 'login' }, returnTo: '/resume' };

        it('is written with the interaction while the stored counter is still the one read', async () => {
          const owner = await store.people.insert(person());
          const key = await store.credentials.insert(credential(owner.id));
          await oidc().upsert('Interaction', 'i1', login, 600, { ceremony: ceremony('c1') });
          const use = { expectedCounter: 0, newCounter: 0, backedUp: true, usedAt: new Date(time) };
          const used = await oidc().useCeremony('i1', 'c1', { payload: { ...login, result: { login: owner.id } }, expiresIn: 300, credentialUse: { credentialId: key.id, use } });
          expect(used).toEqual({ saved: true, auditFailure: null });
          expect(await store.credentials.findById(key.id)).toMatchObject({ counter: 0, backedUp: true, lastUsedAt: new Date(time) });
          expect(await oidc().find('Interaction', 'i1')).toEqual({ ...login, result: { login: owner.id } });
        });

        it('uses the ceremony up and saves nothing else when the counter moved meanwhile', async () => {
          const owner = await store.people.insert(person());
          const key = await store.credentials.insert(credential(owner.id));
          expect(await store.credentials.recordUse(key.id, { expectedCounter: 0, newCounter: 7, backedUp: false, usedAt: new Date(time) })).toBe(true);
          await oidc().upsert('Interaction', 'i1', login, 600, { ceremony: ceremony('c1') });
          const use = { expectedCounter: 0, newCounter: 0, backedUp: true, usedAt: new Date(time + 1000) };
          const audit = { id: 'e-moved', at: new Date(time), type: 'sign_in', personId: owner.id, email: null, clientId: null, ip: null, browser: null, actor: null, detail: {} };
          const used = await oidc().useCeremony('i1', 'c1', { payload: { ...login, result: { login: owner.id } }, expiresIn: 300, audit, credentialUse: { credentialId: key.id, use } });
          expect(used).toEqual({ saved: false, auditFailure: null });
          expect(await oidc().findCeremony('i1')).toBeNull();
          expect(await oidc().find('Interaction', 'i1')).toEqual(login);
          expect(await store.credentials.findById(key.id)).toMatchObject({ counter: 7, backedUp: false });
          expect(await store.audit.list({ personId: owner.id, limit: 5 })).toEqual([]);
        });
      });

      describe('a rate limit counted by the write that creates a record', () => {
        const limit = { key: 'interactions:203.0.113.9', windowSeconds: 600, max: 2 };

        it('counts the hit and stores the record up to the limit, then counts and stores nothing', async () => {
          expect(await oidc().upsert('Interaction', 'i1', { prompt: {} }, 600, { limit })).toBe(true);
          expect(await oidc().upsert('Interaction', 'i2', { prompt: {} }, 600, { limit })).toBe(true);
          expect(await oidc().upsert('Interaction', 'i3', { prompt: {} }, 600, { limit })).toBe(false);
          expect(await oidc().find('Interaction', 'i3')).toBeNull();
          expect(await oidc().count('Interaction')).toBe(2);
          // The refused one was counted too, as a hit of its own would be.
          expect(await store.rateLimits.hit(limit.key, limit.windowSeconds)).toBe(4);
          time += 600_000;
          expect(await oidc().upsert('Interaction', 'i4', { prompt: {} }, 600, { limit })).toBe(true);
        });

        it('stores exactly `max` of 50 concurrent records', async () => {
          const stored = await Promise.all(Array.from({ length: 50 }, (_, i) => oidc().upsert('Interaction', `c${i}`, { prompt: {} }, 600, { limit: { ...limit, max: 10 } })));
          expect(stored.filter(Boolean)).toHaveLength(10);
          expect(await oidc().count('Interaction')).toBe(10);
        });
      });

      describe('the activity kept on a session', () => {
        it('is saved with the session, kept by upserts without it, and listed with it', async () => {
          await oidc().upsert('Session', 's1', { uid: 'u1', accountId: 'p1' }, 600, { activity: { browser: 'Firefox on Linux', lastActiveAt: 1 } });
          await oidc().upsert('Session', 's1', { uid: 'u1', accountId: 'p1', loginTs: 2 }, 600);
          expect(await oidc().list('Session', { accountId: 'p1' })).toEqual([
            { id: 's1', payload: { uid: 'u1', accountId: 'p1', loginTs: 2 }, activity: { browser: 'Firefox on Linux', lastActiveAt: 1 } },
          ]);
          await oidc().upsert('Session', 's1', { uid: 'u1', accountId: 'p1' }, 600, { activity: { browser: null, lastActiveAt: 3 } });
          expect((await oidc().list('Session'))[0]!.activity).toEqual({ browser: null, lastActiveAt: 3 });
        });

        it('is recorded on a live session only', async () => {
          await oidc().upsert('Session', 's1', { uid: 'u1', accountId: 'p1' }, 60);
          expect(await oidc().recordActivity('s1', { browser: 'Safari on iOS', lastActiveAt: 5 })).toBe(true);
          expect((await oidc().list('Session'))[0]!.activity).toEqual({ browser: 'Safari on iOS', lastActiveAt: 5 });
          time += 2 * MINUTE;
          expect(await oidc().recordActivity('s1', { browser: null, lastActiveAt: 6 })).toBe(false);
          expect(await oidc().recordActivity('absent', { browser: null, lastActiveAt: 6 })).toBe(false);
        });
      });

      it("destroys every record of one model for one account, and says how many", async () => {
        await oidc().upsert('Session', 's1', { accountId: 'p1' }, 600);
        await oidc().upsert('Session', 's2', { accountId: 'p1' }, 600);
        await oidc().upsert('Session', 's3', { accountId: 'p2' }, 600);
        await oidc().upsert('Grant', 'g1', { accountId: 'p1' }, 600);
        expect(await oidc().destroyByAccount('Session', 'p1')).toBe(2);
        expect(await oidc().list('Session')).toEqual([{ id: 's3', payload: { accountId: 'p2' }, activity: null }]);
        expect(await oidc().find('Grant', 'g1')).not.toBeNull();
      });

      it('sweeps expired records away and keeps live ones', async () => {
        await oidc().upsert('AccessToken', 'short', { grantId: 'g1' }, 60);
        await oidc().upsert('AccessToken', 'long', { grantId: 'g1' }, 3600);
        time = START + 2 * MINUTE;
        await store.sweep();
        time = START;
        expect(await oidc().find('AccessToken', 'short')).toBeNull();
        expect(await oidc().find('AccessToken', 'long')).not.toBeNull();
      });
    });

    describe('rate limits', () => {
      it('counts hits within a window, per key', async () => {
        expect(await store.rateLimits.hit('ip:1', 60)).toBe(1);
        expect(await store.rateLimits.hit('ip:1', 60)).toBe(2);
        expect(await store.rateLimits.hit('ip:2', 60)).toBe(1);
        time = START + 59_000;
        expect(await store.rateLimits.hit('ip:1', 60)).toBe(3);
      });

      it('starts counting again after the window', async () => {
        await store.rateLimits.hit('mail:ada', 60);
        await store.rateLimits.hit('mail:ada', 60);
        time = START + 61_000;
        expect(await store.rateLimits.hit('mail:ada', 60)).toBe(1);
        expect(await store.rateLimits.hit('mail:ada', 60)).toBe(2);
      });

      it('loses no hit when they arrive at once', async () => {
        const counts = await Promise.all(Array.from({ length: 10 }, () => store.rateLimits.hit('burst', 60)));
        expect([...counts].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      });

      it('loses no hit when they arrive at once just after a window ends', async () => {
        await store.rateLimits.hit('burst', 60);
        await store.rateLimits.hit('burst', 60);
        time = START + 60_000;
        const counts = await Promise.all(Array.from({ length: 6 }, () => store.rateLimits.hit('burst', 60)));
        expect([...counts].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
        expect(await store.rateLimits.hit('burst', 60)).toBe(7);
      });

      it('counts a new window after expired ones were swept', async () => {
        await store.rateLimits.hit('mail:ada', 60);
        time = START + 61_000;
        await store.rateLimits.hit('mail:ada', 60);
        time = START + 200_000;
        await store.sweep();
        expect(await store.rateLimits.hit('mail:ada', 60)).toBe(1);
        expect(await store.rateLimits.hit('mail:ada', 60)).toBe(2);
      });
    });
    describeAccessContract({ store: () => store, advance: (ms) => { time += ms; } });
    describeApiKeysContract({ store: () => store, now: () => time, advance: (ms) => { time += ms; } });
    describeAuditContract(() => store);
    describeOutboxContract(() => store);
  });
}
