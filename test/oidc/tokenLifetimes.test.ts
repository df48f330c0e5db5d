/**
 * An app's own token lifetimes (`idp clients update --access-token-lifetime`, the admin API): its
 * access and refresh tokens live as long as it says, other apps keep the provider's defaults, and
 * the command refuses a lifetime out of range, changing nothing.
 */
import { updateApp } from '../../src/clients/relyingApps.js';
import { runCli } from '../../src/cli/run.js';
import { newPerson } from '../account/accountJourneys.js';
import { continueToApp } from '../support/journeys.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

describe('token lifetimes per app', () => {
  let provider: TestProvider;
  let short: RelyingApp;
  let usual: RelyingApp;

  beforeAll(async () => {
    provider = await startTestProvider();
    short = await RelyingApp.discover(provider.issuer, await registerClient(provider.store, { name: 'Short' }));
    usual = await RelyingApp.discover(provider.issuer, await registerClient(provider.store, { name: 'Usual' }));
  });
  afterAll(() => provider.close());

  async function idp(...argv: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, {
      openStore: async () => provider.store,
      openMail: async () => { throw new Error('no mail here'); },
      out: (text) => { stdout += text; },
      err: (text) => { stderr += text; },
    });
    return { code, stdout, stderr };
  }

  async function tokensOf(app: RelyingApp, browser: Awaited<ReturnType<typeof newPerson>>['browser']) {
    const pending = await app.startSignIn({ scope: 'openid offline_access', prompt: 'consent' });
    return app.finishSignIn((await continueToApp(browser, pending.url)).location!, pending);
  }

  async function refreshLifetime(refreshToken: string): Promise<number> {
    const record = (await provider.store.oidc.find('RefreshToken', refreshToken))!;
    return Number(record.exp) - Number(record.iat);
  }

  it('gives an app the lifetimes set with idp clients update, and the others the defaults', async () => {
    const set = await idp('clients', 'update', short.client.clientId, '--access-token-lifetime', '5m', '--refresh-token-lifetime', '2h', '--json');
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ access_token_lifetime: 300, refresh_token_lifetime: 7200 });

    const person = await newPerson(provider, usual, 'lifetimes@example.com');
    const shortTokens = await tokensOf(short, person.browser);
    expect(shortTokens.expires_in).toBe(300);
    expect(await refreshLifetime(shortTokens.refresh_token!)).toBe(7200);
    const refreshed = await short.refresh(shortTokens.refresh_token!);
    expect(refreshed.expires_in).toBe(300);

    const usualTokens = await tokensOf(usual, person.browser);
    expect(usualTokens.expires_in).toBe(3600);
    expect(await refreshLifetime(usualTokens.refresh_token!)).toBe(14 * 86400);
  });

  it('keeps the grant as long as the app’s longest refresh token, so a 30-day refresh token outlives the default 14 days', async () => {
    await updateApp(provider.store, short.client.clientId, { refreshTokenLifetime: 30 * 86400 });
    const person = await newPerson(provider, usual, 'long-refresh@example.com');
    const tokens = await tokensOf(short, person.browser);
    const token = (await provider.store.oidc.find('RefreshToken', tokens.refresh_token!))!;
    expect(Number(token.exp) - Number(token.iat)).toBe(30 * 86400);
    const grant = (await provider.store.oidc.find('Grant', String(token.grantId)))!;
    expect(Number(grant.exp)).toBeGreaterThanOrEqual(Number(token.exp));
    await updateApp(provider.store, short.client.clientId, { refreshTokenLifetime: 7200 });
  });

  it('refuses a lifetime out of range or not a duration, changing nothing, and goes back to the default', async () => {
    for (const [option, value] of [['--access-token-lifetime', '2d'], ['--access-token-lifetime', '30s'], ['--refresh-token-lifetime', '100d'], ['--refresh-token-lifetime', 'forever']]) {
      const refused = await idp('clients', 'update', short.client.clientId, option!, value!);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(option);
    }
    expect((await provider.store.oidc.find('Client', short.client.clientId))).toMatchObject({ access_token_lifetime: 300, refresh_token_lifetime: 7200 });

    const { app } = await updateApp(provider.store, short.client.clientId, { accessTokenLifetime: null });
    expect(app).toMatchObject({ accessTokenLifetime: null, refreshTokenLifetime: 7200 });
    expect((await provider.store.oidc.find('Client', short.client.clientId))!.access_token_lifetime).toBeUndefined();
  });
});
