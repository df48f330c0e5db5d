import { countStoreOperations, isRead } from '../../bench/countStoreOperations.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/ports.js';

describe('the bench store counter', () => {
  let store: Store;

  beforeEach(async () => {
    store = await openStore('sqlite::memory:');
  });
  afterEach(() => store.close());

  it('counts every port call once, by port, method and oidc model, and passes results through', async () => {
    const counted = countStoreOperations(store);
    const person = await counted.store.people.insert({ id: 'p1', webauthnUserId: 'u1', email: 'a@example.com', emailVerified: true, name: null });
    expect((await counted.store.people.findById('p1'))?.email).toBe('a@example.com');
    await counted.store.oidc.upsert('Session', 's1', { accountId: person.id }, 60);
    await counted.store.oidc.upsert('Session', 's2', { accountId: person.id }, 60);
    expect(await counted.store.oidc.find('Session', 's1')).toMatchObject({ accountId: 'p1' });
    expect(await store.oidc.count('Session')).toBe(2);

    expect(counted.counts()).toEqual({
      'people.insert': 1,
      'people.findById': 1,
      'oidc.upsert:Session': 2,
      'oidc.find:Session': 1,
    });
  });

  it('tells reads from writes: finds, lists and counts only look; take and consume change the store', () => {
    expect(['people.findById', 'oidc.find:Session', 'oidc.findByUid:Session', 'credentials.listByPerson', 'people.count'].every(isRead)).toBe(true);
    expect(['ceremonies.take', 'oidc.consume:AuthorizationCode', 'credentials.recordUse', 'oidc.destroy:Interaction', 'rateLimits.hit'].some(isRead)).toBe(false);
  });

  it('adds up how long calls held the event loop, and reports the longest call once', async () => {
    const counted = countStoreOperations(store);
    for (let i = 0; i < 20; i++) await counted.store.oidc.upsert('AccessToken', `t${i}`, { grantId: 'g' }, 60);
    expect(counted.blockingMs()).toBeGreaterThan(0);
    expect(counted.blockingMsByOperation()['oidc.upsert:AccessToken']).toBeCloseTo(counted.blockingMs(), 6);
    expect(counted.longestCall().operation).toBe('oidc.upsert:AccessToken');
    expect(counted.longestCall()).toEqual({ operation: '', ms: 0 });
  });
});
