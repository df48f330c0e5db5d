/**
 * A failure of ours (a bug, not the request's fault) is answered with a plain apology and a request
 * id, and the log line with the detail carries the same id, so that a person's report can be matched
 * to it. The detail itself never reaches the page.
 */
import { openStore } from '../../src/store/open.js';
import type { Ceremonies, OidcRecords, Store } from '../../src/store/ports.js';
import { BrowserSession } from '../support/browserSession.js';
import { openInteraction } from '../support/journeys.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

const BUG = 'ceremonies on fire';

/** The real store, whose ceremonies and app records throw a plain Error (not an outage) while `broken` is set. */
function withBrokenCeremonies(store: Store, broken: { now: boolean }): Store {
  const ceremonies: Ceremonies = Object.create(store.ceremonies);
  ceremonies.put = async (ceremony) => { if (broken.now) throw new Error(BUG); return store.ceremonies.put(ceremony); };
  ceremonies.find = async (binding, purpose) => { if (broken.now) throw new Error(BUG); return store.ceremonies.find(binding, purpose); };
  const oidc: OidcRecords = Object.create(store.oidc);
  oidc.find = async (model, id) => { if (broken.now && model === 'Client') throw new Error(BUG); return store.oidc.find(model, id); };
  return Object.assign(Object.create(store), { ceremonies, oidc });
}

describe('pages and answers for a failure of ours', () => {
  const broken = { now: false };
  let realStore: Store;
  let provider: TestProvider;
  let app: RelyingApp;

  beforeAll(async () => {
    realStore = await openStore('sqlite::memory:');
    provider = await startTestProvider({ store: withBrokenCeremonies(realStore, broken) });
    app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store));
  });
  afterAll(async () => {
    await provider.close();
    await realStore.close();
  });
  afterEach(() => { broken.now = false; });

  function loggedErrorWith(requestId: string) {
    return provider.log.lines.find((line) => line.requestId === requestId);
  }

  it('answers a fetch call with 500, a plain message and a request id the log line carries', async () => {
    const browser = new BrowserSession(provider.origin);
    const base = await openInteraction(browser, (await app.startSignIn()).url);
    broken.now = true;
    const answer = await browser.postJson(`${base}/signup`, { email: 'ada@example.com' });
    expect(answer.status).toBe(500);
    expect(answer.json).toEqual({ error: 'internal', message: expect.stringMatching(/on our side/), requestId: expect.stringMatching(/^[0-9a-f]{8,}$/) });
    expect(answer.body).not.toContain(BUG);
    expect(loggedErrorWith(answer.json.requestId)).toMatchObject({ level: 'error', event: 'http.error', status: 500, detail: expect.stringContaining(BUG) });
  });

  it('shows a page with the request id, and the log line carries it', async () => {
    broken.now = true;
    const page = await new BrowserSession(provider.origin).get(`/recover/${'a'.repeat(43)}`);
    expect(page.status).toBe(500);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const requestId = /Reference for support: <code>([0-9a-f]+)<\/code>/.exec(page.body)?.[1];
    expect(requestId).toBeTruthy();
    expect(page.body).not.toContain(BUG);
    expect(loggedErrorWith(requestId!)).toMatchObject({ level: 'error', status: 500, detail: expect.stringContaining(BUG) });
  });

  it('shows oidc-provider\'s own failure page with a request id too, and its log line carries it', async () => {
    const { url } = await app.startSignIn();
    broken.now = true;
    const page = await new BrowserSession(provider.origin).get(url);
    expect(page.status).toBe(500);
    expect(page.location).toBeNull();
    const requestId = /Reference for support: <code>([0-9a-f]+)<\/code>/.exec(page.body)?.[1];
    expect(requestId).toBeTruthy();
    expect(page.body).not.toContain(BUG);
    expect(loggedErrorWith(requestId!)).toMatchObject({ level: 'error', event: 'oidc.server_error', detail: expect.stringContaining(BUG) });
  });

  it('shows no request id for a refusal of the request (4xx): it is not ours to look up', async () => {
    const page = await new BrowserSession(provider.origin).get(`/recover/${'a'.repeat(43)}`);
    expect(page.status).toBe(400);
    expect(page.body).not.toMatch(/Reference for support/);
  });
});
