/**
 * The 5 tries of a mailed code hold under concurrency: 50 wrong codes sent at once against one
 * sign-up are answered with at most 5 comparisons, and the right code is refused afterwards. The
 * same over HTTP on the SQLite engine and on the MongoDB engine (FerretDB here, whose conditional
 * updates are not atomic).
 */
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/ports.js';
import { BrowserSession } from '../support/browserSession.js';
import { codeFrom, lastMailTo, openInteraction } from '../support/journeys.js';
import { describeWithMongo } from '../support/mongoServer.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

const GUESSES = 50;

async function guessAtOnce(provider: TestProvider): Promise<void> {
  const app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store));
  const browser = new BrowserSession(provider.origin);
  const base = await openInteraction(browser, (await app.startSignIn()).url);
  const email = 'guessed@example.com';
  expect((await browser.postJson(`${base}/signup`, { email })).status).toBe(200);
  const code = codeFrom((await lastMailTo(provider, email)).text);
  const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  const answers = await Promise.all(
    Array.from({ length: GUESSES }, () => browser.postJson(`${base}/signup/code`, { code: wrong })),
  );
  const errors = answers.map((answer) => answer.json?.error);
  // A compared wrong code is `code_invalid` for tries 1-4 and `code_attempts_exceeded` for try 5;
  // a later guess is refused without being compared: too many tries, or (once a guess past the
  // fifth has thrown the code away) no code pending any more.
  expect(errors.filter((error) => error === 'code_invalid')).toHaveLength(4);
  expect(errors.filter((error) => error !== 'code_invalid').every((error) => error === 'code_attempts_exceeded' || error === 'signup_expired')).toBe(true);
  // The guesses that drew a try number drew distinct ones, and only tries 1-5 reached the comparison.
  const tries = provider.log.lines
    .filter((line) => line.event === 'http.error' && /^try \d+$/.test(String(line.detail)))
    .map((line) => Number(String(line.detail).slice(4)));
  expect(new Set(tries).size).toBe(tries.length);
  expect(tries.filter((n) => n <= 5).sort()).toEqual([1, 2, 3, 4, 5]);

  const right = await browser.postJson(`${base}/signup/code`, { code });
  expect(right.status).toBe(400);
  expect(right.json.error).toBe('signup_expired');
  expect(await provider.store.people.findByEmail(email)).toBeNull();
}

describe('concurrent guesses of a sign-up code on SQLite', () => {
  let provider: TestProvider;
  beforeAll(async () => { provider = await startTestProvider(); });
  afterAll(async () => { await provider.close(); });

  it(`compares at most 5 of ${GUESSES} wrong codes sent at once, then refuses the right one`, async () => {
    await guessAtOnce(provider);
  });
});

describeWithMongo('concurrent guesses of a sign-up code on MongoDB', (server) => {
  let store: Store;
  let provider: TestProvider;
  beforeAll(async () => {
    const databaseUrl = server().databaseUrl('guesses');
    store = await openStore(databaseUrl);
    provider = await startTestProvider({ store, settings: { databaseUrl } });
  });
  afterAll(async () => {
    await provider?.close();
    await store?.close();
  });

  it(`compares at most 5 of ${GUESSES} wrong codes sent at once, then refuses the right one`, async () => {
    expect(provider.store.engine).toBe('mongo');
    await guessAtOnce(provider);
  });
});
