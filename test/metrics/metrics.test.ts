/**
 * /metrics as an operator scrapes it: absent without METRICS_TOKEN, refused without the token, and
 * with it the Prometheus text of what just happened (a sign-up and sign-in over real SMTP, a refused
 * sign-in), with route templates and never a raw path.
 */
import { BrowserSession } from '../support/browserSession.js';
import { openInteraction, passkeyOptions } from '../support/journeys.js';
import { signInWithPasskey, signUpByMail } from '../support/mailedJourneys.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtpCapture.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

const TOKEN = 'metrics-token-for-tests-0123456789';

function sample(text: string, name: string, labels: Record<string, string>): number | null {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (wanted.every((pair) => line.includes(pair))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return null;
}

describe('/metrics', () => {
  it('does not exist without METRICS_TOKEN', async () => {
    const provider = await startTestProvider();
    try {
      const response = await fetch(`${provider.origin}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('idp_');
    } finally {
      await provider.close();
    }
  });

  describe('with METRICS_TOKEN', () => {
    let smtp: SmtpCapture;
    let provider: TestProvider;
    let app: RelyingApp;

    beforeAll(async () => {
      smtp = await startSmtpCapture();
      provider = await startTestProvider({ settings: { metricsToken: TOKEN, smtpUrl: smtp.url } });
      app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store));
    });
    afterAll(async () => {
      await provider.close();
      await smtp.close();
    });

    const scrape = async (authorization?: string) => fetch(`${provider.origin}/metrics`, { headers: authorization ? { Authorization: authorization } : {} });

    it('refuses a request without the token, or with another one', async () => {
      for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Basic ${TOKEN}`, 'Bearer']) {
        const response = await scrape(authorization);
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
        expect(await response.text()).not.toContain('idp_');
      }
    });

    it('counts sign-ins, refusals, ceremonies, mails, store calls and requests by route template, with process metrics', async () => {
      const browser = new BrowserSession(provider.origin);
      const authenticator = new SoftAuthenticator();
      const first = await app.startSignIn();
      await app.finishSignIn((await signUpByMail(smtp, browser, authenticator, first.url, 'ada@example.com')).location!, first);
      const again = await app.startSignIn({ prompt: 'login' });
      const callback = await signInWithPasskey(browser, authenticator, again.url);
      await app.finishSignIn(callback.location!, again);

      const stranger = new SoftAuthenticator();
      stranger.createCredential({
        rp: { id: 'localhost', name: 'x' }, user: { id: 'AAAA', name: 'x', displayName: 'x' }, challenge: 'AAAA',
        pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
      }, { origin: provider.origin });
      const refused = await app.startSignIn({ prompt: 'login' });
      const base = await openInteraction(browser, refused.url);
      const uid = base.split('/').pop()!;
      const answer = await browser.postJson(`${base}/passkey/verify`, { response: stranger.getAssertion(await passkeyOptions(browser, base), { origin: provider.origin }) });
      expect(answer.status).toBe(401);

      const response = await scrape(`Bearer ${TOKEN}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      const text = await response.text();
      expect(sample(text, 'idp_sign_ins_total', { via: 'sign-in' })).toBe(1);
      expect(sample(text, 'idp_sign_in_failures_total', { reason: 'unknown_credential' })).toBe(1);
      expect(sample(text, 'idp_audit_events_total', { type: 'sign_up' })).toBe(1);
      expect(sample(text, 'idp_ceremonies_started_total', { purpose: 'sign-up-passkey' })).toBe(1);
      expect(sample(text, 'idp_ceremonies_started_total', { purpose: 'passkey-sign-in' })).toBeGreaterThanOrEqual(2);
      expect(sample(text, 'idp_mails_total', { outcome: 'sent' })).toBe(1);
      expect(sample(text, 'idp_store_operation_seconds_count', { port: 'people', operation: 'insert' })).toBe(1);
      expect(sample(text, 'idp_http_request_seconds_count', { route: '/interaction/:uid/passkey/verify', status: '200', method: 'POST' })).toBe(1);
      expect(sample(text, 'idp_http_request_seconds_count', { route: '/interaction/:uid/passkey/verify', status: '401' })).toBe(1);
      expect(sample(text, 'idp_http_request_seconds_count', { route: '/token', status: '200' })).toBe(2);
      expect(sample(text, 'idp_process_cpu_seconds_total', {})).not.toBeNull();
      expect(sample(text, 'idp_nodejs_heap_size_used_bytes', {})).not.toBeNull();
      // Ensure no label carries a raw path, an interaction id or an address.
      expect(text).not.toContain(uid);
      expect(text).not.toContain('ada@example.com');
      expect(text).not.toContain('127.0.0.1');
    });
  });
});
