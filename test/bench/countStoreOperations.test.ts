import { countStoreOperations, isRead, type OperationCounts } from '../../bench/countStoreOperations.js';
import { LIMIT_DEFAULTS } from '../../src/config/settings.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/ports.js';
import { BrowserSession } from '../support/browserSession.js';
import { continueToApp, openInteraction, pageOptions, signUp } from '../support/journeys.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { startTestProvider } from '../support/testProvider.js';

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

describe('the store writes of a complete passkey sign-in', () => {
  const between = (reads: boolean) => (before: OperationCounts, after: OperationCounts) => Object.fromEntries(Object.entries(after)
    .filter(([operation, count]) => isRead(operation) === reads && count !== (before[operation] ?? 0))
    .map(([operation, count]) => [operation, count - (before[operation] ?? 0)]));
  const writesBetween = between(false);
  const readsBetween = between(true);
  const total = (writes: OperationCounts) => Object.values(writes).reduce((sum, count) => sum + count, 0);

  it('writes 8 times, as a bare oidc-provider on a durable store does, its audit event and the count of sign-ins its address started included, and reads each record once per request', async () => {
    const counted = countStoreOperations(await openStore('sqlite::memory:'));
    // With the limits a deployment has by default (the test provider turns them off).
    const provider = await startTestProvider({ store: counted.store, settings: { ...LIMIT_DEFAULTS } });
    try {
      const app = await RelyingApp.discover(provider.issuer, await registerClient(counted.store));
      // A synced passkey: backed up, its signature counter always 0.
      const authenticator = new SoftAuthenticator({ backupEligible: true, backedUp: true });
      await signUp(provider, new BrowserSession(provider.origin), authenticator, (await app.startSignIn()).url, 'count@example.com');

      const signIn = async () => {
        const before = counted.counts();
        const browser = new BrowserSession(provider.origin);
        const pending = await app.startSignIn();
        const base = await openInteraction(browser, pending.url);
        const response = authenticator.getAssertion(pageOptions(await browser.get(base))!, { origin: provider.origin, counter: 0 });
        const verified = await browser.postJson(`${base}/passkey/verify`, { response });
        expect(verified.status).toBe(200);
        const callback = await continueToApp(browser, verified.json.redirectTo);
        await app.finishSignIn(callback.location!, pending);
        const after = counted.counts();
        return { writes: writesBetween(before, after), reads: readsBetween(before, after) };
      };

      // The first sign-in with a new passkey records its first use, with the sign-in's own save.
      const { writes: first } = await signIn();
      expect(first['credentials.recordUse']).toBeUndefined();
      expect(total(first)).toBe(8);
      const [credential] = await counted.store.credentials.listByPerson((await counted.store.people.findByEmail('count@example.com'))!.id);
      expect(credential!.lastUsedAt).not.toBeNull();
      // Later ones write only what oidc-provider itself writes. The authorization request is counted
      // against the address by the write that creates its interaction (src/rateLimits/limitInteractions.ts),
      // and the sign-in's audit event is written with the interaction's result; the sign-in page's
      // own challenge comes with its interaction, so no ceremony limit is counted.
      const auditBefore = await counted.store.audit.list({ types: ['sign_in'], limit: 100 });
      const { writes: later, reads: laterReads } = await signIn();
      expect(await counted.store.audit.list({ types: ['sign_in'], limit: 100 })).toHaveLength(auditBefore.length + 1);
      expect(later).toEqual({
        'oidc.upsert:Interaction': 1,
        'oidc.useCeremony:Interaction': 1,
        'oidc.destroy:Interaction': 1,
        'oidc.upsert:Grant': 1,
        'oidc.upsert:AuthorizationCode': 1,
        'oidc.upsert:Session': 1,
        'oidc.consume:AuthorizationCode': 1,
        'oidc.upsert:AccessToken': 1,
      });
      expect(total(later)).toBe(8);
      // And reads what it needs once per request: the token request's session is the one
      // oidc-provider read to check the code's binding (its sid), and the person, the app's access and
      // groups are read once for the access re-check and the claims (src/oidc/requestReads.ts). The
      // sign-in page is opened twice here (once by following the authorization redirect, once for its
      // options), 3 reads each time.
      expect(laterReads).toEqual({
        'oidc.find:Client': 5,
        'oidc.find:Interaction': 4,
        'oidc.findCeremony:Interaction': 3,
        'credentials.findById': 1,
        'people.findByWebauthnUserId': 1,
        'people.findById': 2,
        'appAccess.find': 2,
        'oidc.find:AuthorizationCode': 1,
        'oidc.findByUid:Session': 1,
        'oidc.find:Grant': 1,
        'groups.listByPerson': 1,
      });
      expect(total(laterReads)).toBe(22);
    } finally {
      await provider.close();
      await counted.store.close();
    }
  });
});
