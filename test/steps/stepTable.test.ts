/**
 * The step table carries the rules: every POST row is same-origin checked, every sensitive row is
 * `fresh` (a new account action without it fails here until someone says why it is not sensitive),
 * and the `fresh` guard refuses every such row for a session not confirmed lately, changing nothing.
 */
import { stepTable } from '../../src/stepTable.js';
import { row } from '../../src/steps/step.js';
import { startNewPasskey } from '../../src/account/steps/startNewPasskey.js';
import { BrowserSession } from '../support/browserSession.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';
import { newPerson, testClock } from '../account/accountJourneys.js';

/**
 * Rows that act on a signed-in account without a fresh passkey confirmation, and why that is safe.
 * Anything else under /account, or guarded by `signedIn`, must be `fresh`.
 */
const NOT_SENSITIVE: Record<string, string> = {
  'GET /account': 'shows the page; changes nothing',
  'POST /account/sign-in/options': 'signing in is how one gets a session at all',
  'POST /account/sign-in': 'signing in is how one gets a session at all',
  'POST /account/sign-out': 'only ends this browser\'s own session',
  'POST /account/verify/options': 'the confirmation itself',
  'POST /account/verify': 'the confirmation itself',
  'POST /account/passkeys/rename': 'a label the person sees; locks nobody out',
  'POST /account/apps/revoke': 'only takes access away, and should be quick for someone who distrusts an app',
  'POST /account/profile': 'names, picture and language apps see; locks nobody out',
  'POST /account/email/code': 'finishes a change that only a fresh session could ask for, with the mailed code',
};

const name = (method: string, path: string) => `${method} ${path}`;
const concrete = (path: string) => path.replace(':uid', 'some-interaction').replace(':token', 'some-token');

describe('the step table', () => {
  it('has one row per method and path', () => {
    const names = stepTable.map((r) => name(r.method, r.path));
    expect(new Set(names).size).toBe(names.length);
  });

  it('guards every sensitive account row with a fresh confirmation', () => {
    const accountRows = stepTable.filter((r) => r.path.startsWith('/account') || r.guard === 'signedIn' || r.guard === 'fresh');
    const notFresh = accountRows.filter((r) => r.guard !== 'fresh').map((r) => name(r.method, r.path));
    expect(notFresh.filter((n) => !(n in NOT_SENSITIVE))).toEqual([]);
    // The list above names rows that exist: a stale entry would excuse a future row by accident.
    expect(Object.keys(NOT_SENSITIVE).filter((n) => !notFresh.includes(n))).toEqual([]);
  });

  it('does not compile a row whose guard gives its step less than it needs', () => {
    // @ts-expect-error: startNewPasskey needs a signed-in person, which `none` does not give
    const unguarded = () => row('POST', '/account/passkeys/options', 'none', {}, startNewPasskey);
    expect(typeof unguarded).toBe('function');
  });

  describe('over HTTP', () => {
    let provider: TestProvider;
    let app: RelyingApp;
    const clock = testClock();

    beforeAll(async () => {
      provider = await startTestProvider({ now: clock.now });
      app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store));
    });
    afterAll(() => provider.close());

    it('refuses a cross-site request to every POST row before anything else', async () => {
      const posts = stepTable.filter((r) => r.method === 'POST');
      expect(posts.length).toBeGreaterThan(20);
      const answers = await Promise.all(posts.map(async (r) => {
        const response = await fetch(`${provider.origin}${concrete(r.path)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' },
          body: '{}',
        });
        return { row: name(r.method, r.path), status: response.status, error: ((await response.json()) as { error?: string }).error };
      }));
      expect(answers.filter((a) => a.status !== 403 || a.error !== 'cross_site_request')).toEqual([]);
    });

    it('refuses every fresh row for a session not confirmed lately, and changes nothing', async () => {
      const person = await newPerson(provider, app, 'stale@example.com');
      clock.advance(6 * 60_000);
      const before = { passkeys: await provider.store.credentials.listByPerson(person.sub), person: await provider.store.people.findById(person.sub) };
      const fresh = stepTable.filter((r) => r.guard === 'fresh');
      expect(fresh.length).toBeGreaterThanOrEqual(6);
      for (const r of fresh) {
        // A body of the row's shape, so that only the guard can refuse it.
        const body = Object.fromEntries(Object.entries(r.body).filter(([, type]) => type !== 'string?').map(([field, type]) => [field, type === 'object' ? {} : 'x']));
        const answer = await person.browser.postJson(concrete(r.path), body);
        expect({ row: name(r.method, r.path), status: answer.status, error: answer.json?.error })
          .toEqual({ row: name(r.method, r.path), status: 401, error: 'verification_required' });
      }
      expect(await provider.store.credentials.listByPerson(person.sub)).toEqual(before.passkeys);
      expect(await provider.store.people.findById(person.sub)).toEqual(before.person);
      // And a signed-out browser is told to sign in, not to confirm.
      const stranger = await new BrowserSession(provider.origin).postJson('/account/passkeys/options', {});
      expect(stranger.json?.error).toBe('account_signed_out');
    });
  });
});
