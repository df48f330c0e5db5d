/**
 * The storage contract for admin API keys (src/admin/apiKeys.ts): part of the one contract suite
 * (contract.ts), so every engine runs it.
 */
import { DuplicateError, type NewApiKey, type Store } from '../../src/store/ports.js';

const DAY = 86_400_000;

export interface ApiKeysContractContext {
  store: () => Store;
  now: () => number;
  advance: (ms: number) => void;
}

export function describeApiKeysContract({ store: current, now, advance }: ApiKeysContractContext): void {
  let sequence = 0;
  const key = (overrides: Partial<NewApiKey> = {}): NewApiKey => {
    sequence += 1;
    return {
      id: `key-${sequence}`, name: `deploy ${sequence}`, secretHash: `hash-${sequence}`, scope: 'read-only',
      createdBy: null, expiresAt: new Date(now() + 90 * DAY), ...overrides,
    };
  };

  describe('API keys', () => {
    it('keeps a key as given, with its creation time and no last use', async () => {
      const store = current();
      const inserted = await store.apiKeys.insert(key({ scope: 'read-write', createdBy: 'admin-1' }));
      expect(inserted).toMatchObject({ scope: 'read-write', createdBy: 'admin-1', createdAt: new Date(now()), lastUsedAt: null });
      expect(await store.apiKeys.findById(inserted.id)).toEqual(inserted);
      expect(await store.apiKeys.findById('no-such-key')).toBeNull();
    });

    it('refuses a second key with the same id', async () => {
      const store = current();
      const first = await store.apiKeys.insert(key());
      await expect(store.apiKeys.insert(key({ id: first.id }))).rejects.toBeInstanceOf(DuplicateError);
    });

    it('records the last use', async () => {
      const store = current();
      const { id } = await store.apiKeys.insert(key());
      const usedAt = new Date(now() + 5_000);
      expect(await store.apiKeys.recordUse(id, usedAt)).toBe(true);
      expect((await store.apiKeys.findById(id))?.lastUsedAt).toEqual(usedAt);
      expect(await store.apiKeys.recordUse('no-such-key', usedAt)).toBe(false);
    });

    it('never returns or lists an expired key, swept or not', async () => {
      const store = current();
      const short = await store.apiKeys.insert(key({ expiresAt: new Date(now() + DAY) }));
      const long = await store.apiKeys.insert(key());
      advance(DAY);
      expect(await store.apiKeys.findById(short.id)).toBeNull();
      expect((await store.apiKeys.list()).map((k) => k.id)).toEqual([long.id]);
      await store.sweep();
      expect((await store.apiKeys.list()).map((k) => k.id)).toEqual([long.id]);
    });

    it('lists live keys oldest first', async () => {
      const store = current();
      const first = await store.apiKeys.insert(key());
      advance(1_000);
      const second = await store.apiKeys.insert(key());
      expect((await store.apiKeys.list()).map((k) => k.id)).toEqual([first.id, second.id]);
    });

    it('revokes at once, and only once', async () => {
      const store = current();
      const { id } = await store.apiKeys.insert(key());
      expect(await store.apiKeys.remove(id)).toBe(true);
      expect(await store.apiKeys.findById(id)).toBeNull();
      expect(await store.apiKeys.remove(id)).toBe(false);
    });
  });
}
