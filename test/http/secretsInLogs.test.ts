/**
 * No secret reaches a log line: recovery tokens in paths, codes and tokens in query strings, and
 * passwords in URLs are blanked by the logger, whoever wrote the line.
 */
import { newIdentity } from '../../src/access/newIdentity.js';
import { createMemoryLogger, redactSecrets } from '../../src/log.js';
import { BrowserSession } from '../support/browserSession.js';
import { lastMailTo } from '../support/journeys.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

describe('secrets and the log', () => {
  let provider: TestProvider;

  beforeAll(async () => {
    provider = await startTestProvider();
  });
  afterAll(() => provider.close());

  it('logs no recovery token when a POST /recover/<token>/passkey fails, nor when the link is wrong', async () => {
    const email = 'lost-device@example.com';
    await provider.store.people.insert({ ...newIdentity(), email, emailVerified: true, name: null });
    const browser = new BrowserSession(provider.origin);
    expect((await browser.postJson('/recovery', { email })).status).toBe(200);
    const token = /\/recover\/([A-Za-z0-9_-]+)/.exec((await lastMailTo(provider, email)).text)![1]!;

    const failed = await browser.postJson(`/recover/${token}/passkey`, { response: { id: 'x', type: 'public-key' } });
    expect(failed.status).toBe(400);
    const wrongBody = await browser.request(`/recover/${token}/options`, { method: 'POST', body: '{', headers: { 'Content-Type': 'application/json' } });
    expect(wrongBody.status).toBe(400);
    expect((await browser.get(`/recover/${token}x`)).status).toBe(400);

    const errors = provider.log.lines.filter((line) => line.event === 'http.error');
    expect(errors.map((line) => line.path)).toEqual(
      expect.arrayContaining(['/recover/[redacted]/passkey', '/recover/[redacted]/options', '/recover/[redacted]']),
    );
    expect(JSON.stringify(provider.log.lines)).not.toContain(token.slice(0, 16));
  });
});

describe('redactSecrets', () => {
  it.each([
    ['/recover/AbC_123-xyz/passkey', '/recover/[redacted]/passkey'],
    ['https://id.example.com/invite/AbC_123?x=1', 'https://id.example.com/invite/[redacted]?x=1'],
    ['/cb?state=s&code=SplxlOBeZQQYbYS6WxSbIA&iss=x', '/cb?state=s&code=[redacted]&iss=x'],
    ['/session/end?id_token_hint=eyJhbGciOi.eyJz.sig', '/session/end?id_token_hint=[redacted]'],
    ['connect smtp://mailer:hunter2@mail.example.com:587 failed', 'connect smtp://mailer:[redacted]@mail.example.com:587 failed'],
    ['mongodb://idp:s3cret@db1:27017,db2:27017/idp', 'mongodb://idp:[redacted]@db1:27017,db2:27017/idp'],
    ['/recovery', '/recovery'],
  ])('%s → %s', (text, redacted) => {
    expect(redactSecrets(text)).toBe(redacted);
  });

  it('applies to every string field of every line, nested ones included', () => {
    const log = createMemoryLogger();
    log.error('x', { path: '/recover/tok123', detail: { url: 'smtp://a:b@c' }, list: ['/invite/abc'] });
    expect(log.lines[0]).toMatchObject({ path: '/recover/[redacted]', detail: { url: 'smtp://a:[redacted]@c' }, list: ['/invite/[redacted]'] });
  });
});
