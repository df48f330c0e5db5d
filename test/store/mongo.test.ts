import { MongoClient } from 'mongodb';
import { isStoreUnavailable } from '../../src/store/failures.js';
import { clientOptions, databaseName } from '../../src/store/mongo/connect.js';
import { openStore } from '../../src/store/open.js';
import { describeWithMongo } from '../support/mongoServer.js';
import { describeStoreContract } from './contract.js';

describeWithMongo('MongoDB', (server) => {
  describeStoreContract('MongoDB', (now) => openStore(server().databaseUrl('contract'), { now }));

  describe('MongoDB store', () => {
    it('creates its indexes idempotently: a second instance opens the same database', async () => {
      const url = server().databaseUrl('indexes');
      const first = await openStore(url);
      const second = await openStore(url);
      await first.people.insert({ id: 'p1', webauthnUserId: 'h1', email: 'a@example.com', emailVerified: true, name: null });
      await expect(second.people.insert({ id: 'p2', webauthnUserId: 'h2', email: 'A@example.com', emailVerified: true, name: null }))
        .rejects.toMatchObject({ name: 'DuplicateError' });
      await Promise.all([first.close(), second.close()]);
    });

    it('keeps a public key as BSON binary, not as an array or a string', async () => {
      const url = server().databaseUrl('binary');
      const store = await openStore(url);
      await store.people.insert({ id: 'p1', webauthnUserId: 'h1', email: 'a@example.com', emailVerified: true, name: null });
      await store.credentials.insert({
        id: 'c1', personId: 'p1', publicKey: new Uint8Array([0, 255, 1]), counter: 0, transports: [],
        backupEligible: false, backedUp: false, aaguid: '', name: '', createdIn: null,
      });
      const client = new MongoClient(url);
      const stored = await client.db(databaseName(url)).collection('credentials').findOne({ _id: 'c1' as never });
      expect(stored?.publicKey?._bsontype).toBe('Binary');
      await client.close();
      await store.close();
    });

    it('moves session activity kept as records of its own onto the sessions when it opens, and keeps every other record', async () => {
      const url = server().databaseUrl('upgrade');
      const client = new MongoClient(url);
      const records = client.db(databaseName(url)).collection('oidc_records');
      const later = new Date(Date.now() + 3_600_000);
      await records.insertMany([
        { _id: 'Session:s1', model: 'Session', id: 's1', payload: JSON.stringify({ uid: 'u1', accountId: 'p1' }), uid: 'u1', accountId: 'p1', expiresAt: later },
        { _id: 'Session:s2', model: 'Session', id: 's2', payload: JSON.stringify({ uid: 'u2', accountId: 'p1' }), uid: 'u2', accountId: 'p1', expiresAt: later },
        {
          _id: 'AccountSessionActivity:u1', model: 'AccountSessionActivity', id: 'u1', accountId: 'p1', expiresAt: later,
          payload: JSON.stringify({ accountId: 'p1', browser: 'Firefox on Linux', lastActiveAt: 1234 }),
        },
        { _id: 'Grant:g1', model: 'Grant', id: 'g1', payload: JSON.stringify({ accountId: 'p1' }), accountId: 'p1', expiresAt: later },
      ] as never[]);
      await client.close();
      const store = await openStore(url);
      expect(await store.oidc.list('Session', { accountId: 'p1' })).toEqual([
        { id: 's1', payload: { uid: 'u1', accountId: 'p1' }, activity: { browser: 'Firefox on Linux', lastActiveAt: 1234 } },
        { id: 's2', payload: { uid: 'u2', accountId: 'p1' }, activity: null },
      ]);
      expect(await store.oidc.count('AccountSessionActivity')).toBe(0);
      expect(await store.oidc.find('Grant', 'g1')).toEqual({ accountId: 'p1' });
      await store.close();
    });

    it('is configured for failures: retryable majority writes, server selection well under the request timeout', () => {
      expect(clientOptions).toMatchObject({ retryWrites: true, writeConcern: { w: 'majority' } });
      expect(clientOptions.serverSelectionTimeoutMS).toBeLessThan(30_000);
    });
  });

  // Last: it stops the server that the tests above share.
  describe('MongoDB store, server stopped and started again', () => {
    it('reports the outage as unavailable, and serves again by itself once the server is back', async () => {
      if (server().source.kind === 'MONGODB_URL') {
        console.warn('outage test SKIPPED: the server named by MONGODB_URL cannot be stopped from here');
        return;
      }
      const store = await openStore(server().databaseUrl('outage'));
      await store.secrets.putIfAbsent('cookie-keys', { keys: ['a'] });
      await server().stop();
      const failures = await Promise.all([
        store.ping().catch((error: unknown) => error),
        store.secrets.find('cookie-keys').catch((error: unknown) => error),
        store.oidc.upsert('Session', 's1', { accountId: 'p1' }, 60).catch((error: unknown) => error),
      ]);
      for (const failure of failures) expect(isStoreUnavailable(failure)).toBe(true);
      await server().restart();
      await expect(store.ping()).resolves.toBeUndefined();
      expect(await store.secrets.find('cookie-keys')).toEqual({ keys: ['a'] });
      await store.close();
    }, 120_000);
  });
});

describe('MongoDB database name', () => {
  it('comes from the URL path, and is idp when there is none', () => {
    expect(databaseName('mongodb://127.0.0.1:27017/accounts')).toBe('accounts');
    expect(databaseName('mongodb://user:p%40ss@a:1,b:2/accounts?replicaSet=rs0')).toBe('accounts');
    expect(databaseName('mongodb+srv://cluster.example.com/idp_prod?retryWrites=true')).toBe('idp_prod');
    expect(databaseName('mongodb://127.0.0.1:27017')).toBe('idp');
    expect(databaseName('mongodb://127.0.0.1:27017/?replicaSet=rs0')).toBe('idp');
  });
});

describe('MongoDB store, unreachable', () => {
  it('fails to open when server selection gives up, with an error the error boundary calls unavailable', async () => {
    // It ends by the driver's server selection timeout (not a hang, which the test's own timeout
    // would catch), whatever the machine's speed: the outcome is checked, not the time it took.
    const failure = await openStore('mongodb://127.0.0.1:9/idp').catch((error: unknown) => error);
    expect((failure as Error).name).toBe('MongoServerSelectionError');
    expect(isStoreUnavailable(failure)).toBe(true);
  }, 120_000);
});
