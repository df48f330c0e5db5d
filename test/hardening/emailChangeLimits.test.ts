/**
 * Codes for a new email address: at most 5 reach one target address in 15 minutes, whichever
 * accounts ask and however many ask at once (50 concurrent requests, on both engines); and asking for
 * an address that has an account does the same work as for one that has none (the same store calls
 * and one mail either way), so the page cannot tell them apart.
 */
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/ports.js';
import { countStoreCalls, type CountingStore } from '../support/countingStore.js';
import { describeWithMongo } from '../support/mongoServer.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';
import { expectOk, newPerson, type Person } from '../account/accountJourneys.js';

function defineSuite(openEngineStore: () => Promise<{ store: Store; databaseUrl: string }>) {
  let provider: TestProvider;
  let app: RelyingApp;
  let counting: CountingStore;
  let store: Store;

  beforeAll(async () => {
    const opened = await openEngineStore();
    store = opened.store;
    counting = countStoreCalls(store);
    provider = await startTestProvider({ store: counting.store, settings: { databaseUrl: opened.databaseUrl } });
    app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store));
  }, 120_000);
  afterAll(async () => {
    await provider?.close();
    await store?.close();
  });

  const mailsTo = (to: string) => provider.mailer.outbox!.list().filter((mail) => mail.to === to);

  it('does the same work for an address that has an account and one that has none', async () => {
    await newPerson(provider, app, 'has-account@example.com');
    const asker = await newPerson(provider, app, 'same-work@example.com');
    const work = async (email: string) => {
      const mails = provider.mailer.outbox!.list().length;
      counting.take();
      expectOk(await asker.browser.postJson('/account/email', { email }));
      await provider.mailer.deliverDue();
      return { calls: counting.take().sort(), mails: provider.mailer.outbox!.list().length - mails };
    };
    const known = await work('has-account@example.com');
    const unknown = await work('no-account@example.com');
    expect(known.calls.length).toBeGreaterThan(0);
    expect(known).toEqual(unknown);
    expect(known.mails).toBe(1);
    expect(mailsTo('has-account@example.com')[0]!.subject).toBe('Someone asked to use your address for another Test ID account');
  }, 120_000);

  it('mails at most 5 codes to one target address in 15 minutes, of 50 concurrent requests from 5 accounts', async () => {
    const people: Person[] = [];
    for (let i = 0; i < 5; i++) people.push(await newPerson(provider, app, `asker-${i}@example.com`));
    const target = 'target@example.com';
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => people[i % 5]!.browser.postJson('/account/email', { email: target })),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(45);
    await provider.mailer.deliverDue();
    expect(mailsTo(target)).toHaveLength(5);
  }, 120_000);
}

describe('email change limits [sqlite]', () => {
  defineSuite(async () => ({ store: await openStore('sqlite::memory:'), databaseUrl: 'sqlite::memory:' }));
});

describeWithMongo('email change limits', (server) => {
  defineSuite(async () => {
    const databaseUrl = server().databaseUrl('emailchange');
    return { store: await openStore(databaseUrl), databaseUrl };
  });
});
