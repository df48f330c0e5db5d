/**
 * A body has exactly the fields a step expects: names that every object inherits (`__proto__`,
 * `constructor`, `toString`) are unknown fields like any other.
 */
import { BrowserSession } from '../support/browserSession.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

describe('fields of a request body', () => {
  let provider: TestProvider;

  beforeAll(async () => {
    provider = await startTestProvider();
  });
  afterAll(() => provider.close());

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('refuses an inherited name as a field: %s', async (name) => {
    const browser = new BrowserSession(provider.origin);
    const json = await browser.request('/recovery', {
      method: 'POST', body: `{"email":"someone@example.com","${name}":"x"}`, headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    });
    expect(json.status).toBe(400);
    expect(json.json.message).toContain(`unknown field "${name}"`);
    const form = await browser.postForm('/recovery', { email: 'someone@example.com', [name]: 'x' }, { Accept: 'application/json' });
    expect(form.status).toBe(400);
  });
});
