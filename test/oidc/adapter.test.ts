import Provider, { errors } from 'oidc-provider';
import { createOidcAdapter } from '../../src/oidc/adapter.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/ports.js';

describe('oidc-provider adapter over the SQLite store', () => {
  let time: number;
  let store: Store;
  let Adapter: ReturnType<typeof createOidcAdapter>;

  beforeEach(async () => {
    time = Date.UTC(2030, 0, 1);
    store = await openStore('sqlite::memory:', { now: () => time });
    Adapter = createOidcAdapter(store.oidc);
  });
  afterEach(() => store.close());

  it('returns what was upserted, and undefined for an unknown id', async () => {
    const grants = new Adapter('Grant');
    await grants.upsert('g1', { accountId: 'p1', clientId: 'app', exp: 1 }, 60);
    expect(await grants.find('g1')).toEqual({ accountId: 'p1', clientId: 'app', exp: 1 });
    expect(await grants.find('nope')).toBeUndefined();
    expect(await new Adapter('Session').find('g1')).toBeUndefined();
  });

  it('finds a session by uid and a device code by user code', async () => {
    await new Adapter('Session').upsert('s1', { uid: 'u1', accountId: 'p1' }, 60);
    await new Adapter('DeviceCode').upsert('d1', { userCode: 'ABCD-EFGH' }, 60);
    expect(await new Adapter('Session').findByUid('u1')).toMatchObject({ accountId: 'p1' });
    expect(await new Adapter('DeviceCode').findByUserCode('ABCD-EFGH')).toMatchObject({ userCode: 'ABCD-EFGH' });
    expect(await new Adapter('Session').findByUid('u2')).toBeUndefined();
  });

  it('stops returning a record once it has expired', async () => {
    const codes = new Adapter('AuthorizationCode');
    await codes.upsert('c1', { grantId: 'g1' }, 60);
    time += 61_000;
    expect(await codes.find('c1')).toBeUndefined();
  });

  it('marks a code consumed, so that oidc-provider sees the replay', async () => {
    const codes = new Adapter('AuthorizationCode');
    await codes.upsert('c1', { grantId: 'g1' }, 60);
    await codes.consume('c1');
    expect((await codes.find('c1'))?.consumed).toBe(Math.floor(time / 1000));
  });

  it('lets only one of two concurrent redemptions of a code consume it', async () => {
    const codes = new Adapter('AuthorizationCode');
    await codes.upsert('c1', { grantId: 'g1' }, 60);
    const results = await Promise.allSettled([codes.consume('c1'), new Adapter('AuthorizationCode').consume('c1')]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const [loser] = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(loser?.reason).toBeInstanceOf(errors.InvalidGrant);
  });

  it('revokes the grant when a second consume loses the race', async () => {
    await new Adapter('Grant').upsert('g1', { accountId: 'p1' }, 600);
    await new Adapter('AccessToken').upsert('at1', { grantId: 'g1' }, 600);
    const codes = new Adapter('AuthorizationCode');
    await codes.upsert('c1', { grantId: 'g1' }, 60);
    await codes.consume('c1');
    await expect(codes.consume('c1')).rejects.toBeInstanceOf(errors.InvalidGrant);
    expect(await new Adapter('AccessToken').find('at1')).toBeUndefined();
    expect(await new Adapter('Grant').find('g1')).toBeUndefined();
  });

  it('refuses to consume a code that does not exist', async () => {
    await expect(new Adapter('AuthorizationCode').consume('missing')).rejects.toBeInstanceOf(errors.InvalidGrant);
  });

  it('destroys one record, and revokes every record of a grant', async () => {
    await new Adapter('AccessToken').upsert('at1', { grantId: 'g1' }, 60);
    await new Adapter('RefreshToken').upsert('rt1', { grantId: 'g1' }, 60);
    await new Adapter('AccessToken').upsert('at2', { grantId: 'g2' }, 60);
    await new Adapter('AccessToken').destroy('at2');
    await new Adapter('AccessToken').revokeByGrantId('g1');
    expect(await new Adapter('AccessToken').find('at1')).toBeUndefined();
    expect(await new Adapter('RefreshToken').find('rt1')).toBeUndefined();
    expect(await new Adapter('AccessToken').find('at2')).toBeUndefined();
  });

  it('serves a real oidc-provider: an authorization code saved, found, and consumed only once', async () => {
    const provider = new Provider('http://localhost:3000', {
      adapter: Adapter,
      features: { devInteractions: { enabled: false } },
      clients: [{ client_id: 'app', client_secret: 'secret', redirect_uris: ['http://localhost:4000/cb'] }],
    });
    const client = await provider.Client.find('app');
    if (!client) throw new Error('the static client is missing');
    const code = new provider.AuthorizationCode({
      client, accountId: 'p1', grantId: 'g1', gty: 'authorization_code', scope: 'openid',
      redirectUri: 'http://localhost:4000/cb',
    });
    const value = await code.save();
    const found = await provider.AuthorizationCode.find(value);
    expect(found?.accountId).toBe('p1');
    if (!found) throw new Error('the code was not found');
    await found.consume();
    expect(await store.oidc.find('AuthorizationCode', found.jti)).toMatchObject({ consumed: expect.any(Number) });
    await expect(found.consume()).rejects.toBeInstanceOf(errors.InvalidGrant);
  });
});
