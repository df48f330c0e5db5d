/**
 * Per-IP limits count the client's address as the trusted proxies saw it: the left-most
 * X-Forwarded-For value is whatever the client sent, so changing it must not make a new client.
 */
import { clientAddressFor } from '../../src/http/clientAddress.js';
import { BrowserSession } from '../support/browserSession.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

describe('the client address behind proxies', () => {
  it('takes the address the trusted proxies saw, counting from the right', () => {
    const oneProxy = clientAddressFor(1);
    expect(oneProxy('6.6.6.6, 198.51.100.7', '10.0.0.2')).toBe('198.51.100.7');
    expect(oneProxy('', '::ffff:10.0.0.2')).toBe('10.0.0.2');
    expect(clientAddressFor(true)('6.6.6.6, 198.51.100.7', '10.0.0.2')).toBe('198.51.100.7');
    expect(clientAddressFor(2)('6.6.6.6, 198.51.100.7, 10.0.0.9', '10.0.0.2')).toBe('198.51.100.7');
    expect(clientAddressFor(false)('6.6.6.6', '::ffff:203.0.113.9')).toBe('203.0.113.9');
    const ranges = clientAddressFor(['10.0.0.0/8', '2001:db8::/32', '127.0.0.1']);
    expect(ranges('6.6.6.6, 198.51.100.7, 10.1.2.3', '127.0.0.1')).toBe('198.51.100.7');
    expect(ranges('6.6.6.6, 2001:db8::1', '10.0.0.2')).toBe('6.6.6.6');
    // A request that reached us without a trusted proxy names itself, whatever it sends.
    expect(ranges('10.1.2.3', '203.0.113.9')).toBe('203.0.113.9');
  });
});

describe('per-IP limits behind one trusted proxy', () => {
  let provider: TestProvider;

  beforeAll(async () => {
    provider = await startTestProvider({ settings: { trustProxy: 1 } });
  });
  afterAll(() => provider.close());

  it('are not bypassed by a spoofed left-most X-Forwarded-For value', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 12; i++) {
      // The proxy appended the address it saw (198.51.100.7) to what the client claimed.
      const browser = new BrowserSession(provider.origin, { clientIp: `192.0.2.${i}, 198.51.100.7` });
      statuses.push((await browser.postJson('/recovery', { email: `nobody${i}@example.com` })).status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses.slice(10)).toEqual([429, 429]);
    // Another client behind the same proxy is not held up by the first one.
    const other = new BrowserSession(provider.origin, { clientIp: '192.0.2.1, 203.0.113.50' });
    expect((await other.postJson('/recovery', { email: 'someone@example.com' })).status).toBe(200);
  });
});
