/**
 * The outbox as the running provider uses it: two providers on one database, each answering pages
 * and each running a worker, deliver every mail exactly once; and /metrics shows the outbox.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/ports.js';
import { BrowserSession } from '../support/browserSession.js';
import { openInteraction } from '../support/journeys.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtpCapture.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

const TOKEN = 'metrics-token-for-tests-0123456789';

describe('the outbox in two providers on one database', () => {
  let directory: string;
  let smtp: SmtpCapture;
  let stores: Store[];
  let providers: TestProvider[];

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'idp-outbox-providers-'));
    const databaseUrl = `sqlite:${join(directory, 'idp.db')}`;
    smtp = await startSmtpCapture();
    stores = [await openStore(databaseUrl), await openStore(databaseUrl)];
    providers = [];
    for (const store of stores) {
      providers.push(await startTestProvider({ store, settings: { smtpUrl: smtp.url, databaseUrl, metricsToken: TOKEN } }));
    }
  });
  afterAll(async () => {
    for (const provider of providers) await provider.close();
    for (const store of stores) await store.close();
    await smtp.close();
    rmSync(directory, { recursive: true, force: true });
  });

  async function askForCode(provider: TestProvider, email: string): Promise<number> {
    const app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store));
    const browser = new BrowserSession(provider.origin);
    const base = await openInteraction(browser, (await app.startSignIn()).url);
    return (await browser.postJson(`${base}/signup`, { email })).status;
  }

  it('sends each code asked for at either provider exactly once', async () => {
    const addresses = Array.from({ length: 12 }, (_, n) => `twice-${n}@example.com`);
    const statuses = await Promise.all(addresses.map((email, n) => askForCode(providers[n % 2]!, email)));
    expect(statuses).toEqual(addresses.map(() => 200));
    await Promise.all(providers.map((provider) => provider.mailer.deliverDue()));
    for (const email of addresses) await smtp.mailTo(email, 'sign-up code');
    await Promise.all(providers.map((provider) => provider.mailer.deliverDue()));

    const received = smtp.mails.map((mail) => (Array.isArray(mail.to) ? '' : mail.to?.text)).filter((to) => to?.startsWith('twice-'));
    expect(received.sort()).toEqual([...addresses].sort());
    expect(await stores[0]!.outbox.countByState()).toMatchObject({ queued: 0, sent: 12 });
  });

  it('counts mails queued and sent, and shows what the outbox holds, at /metrics', async () => {
    expect(await askForCode(providers[0]!, 'counted@example.com')).toBe(200);
    await smtp.mailTo('counted@example.com', 'sign-up code');
    await providers[0]!.mailer.deliverDue();
    const text = await (await fetch(`${providers[0]!.origin}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } })).text();

    expect(text).toMatch(/^idp_mails_total\{outcome="queued"\} [1-9]/m);
    expect(text).toMatch(/^idp_mails_total\{outcome="sent"\} [1-9]/m);
    const sent = await stores[1]!.outbox.countByState();
    expect(text).toContain(`idp_mail_outbox_mails{state="sent"} ${sent.sent}`);
    expect(text).toContain('idp_mail_outbox_mails{state="failed"} 0');
    expect(text).toContain('idp_mail_outbox_mails{state="queued"} 0');
  });
});
