/**
 * Several instances on one database, each with its own outbox worker and its own connection to the
 * store, on both engines: every mail reaches the SMTP server exactly once, whichever instance
 * queued it, and an attempt left half-made by a stopped instance is taken over.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings } from '../../src/config/settings.js';
import { createMailer, type MailService } from '../../src/email/mailer.js';
import { createMemoryLogger } from '../../src/log.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/ports.js';
import { describeWithMongo } from '../support/mongoServer.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtpCapture.js';

const INSTANCES = 3;

function describeInstances(engine: string, databaseUrl: () => string): void {
  describe(`outbox workers of ${INSTANCES} instances on one ${engine} database`, () => {
    let smtp: SmtpCapture;
    let stores: Store[];
    let mailers: MailService[];

    beforeEach(async () => {
      smtp = await startSmtpCapture();
      const url = databaseUrl();
      const settings = loadSettings({ IDP_ISSUER: 'https://id.example.test', SMTP_URL: smtp.url, NODE_ENV: 'production', DATABASE_URL: url });
      stores = [];
      for (let i = 0; i < INSTANCES; i += 1) stores.push(await openStore(url));
      mailers = stores.map((store) => createMailer({ settings, log: createMemoryLogger(), store, retryBaseMs: 1, pollMs: 20 }));
    });
    afterEach(async () => {
      for (const mailer of mailers) await mailer.close();
      for (const store of stores) await store.close();
      await smtp.close();
    });

    const codesSent = () => smtp.mails.map((mail) => /\b(\d{6})\b/.exec(mail.text ?? '')?.[1] ?? mail.subject);

    it('sends every mail exactly once, whether its own instance sends it or another one finds it due first', async () => {
      // Mails left in the store by an instance that stopped before sending them: every worker finds them due.
      const left = Array.from({ length: 30 }, (_, n) => `left-${n}`);
      for (const id of left) {
        await stores[0]!.outbox.enqueue({
          id, to: 'ada@example.org', template: 'signup-code', subject: id, text: `left behind ${id}`, html: `<p>${id}</p>`,
          dueAt: new Date(Date.now() - 1000), createdAt: new Date(),
        });
      }
      const codes = Array.from({ length: 30 }, (_, n) => String(100_000 + n));
      await Promise.all([
        ...codes.map((code, n) => mailers[n % INSTANCES]!.send({ to: 'ada@example.org', template: 'signup-code', values: { code, minutes: 10 } })),
        ...mailers.map((mailer) => mailer.deliverDue()),
      ]);
      await Promise.all(mailers.map((mailer) => mailer.deliverDue()));
      await waitUntil(async () => (await stores[0]!.outbox.countByState()).sent === 60);

      expect(codesSent().sort()).toEqual([...codes, ...left].sort());
      expect(smtp.attempts).toBe(60);
    });

    it('takes over an attempt whose claim expired without a record of it, and counts it as made', async () => {
      const [first, second] = stores as [Store, Store];
      const now = Date.now();
      // An instance stopped during attempt 1 of "stuck"; another is still making attempt 1 of "busy".
      // (Claimed before the mails are queued, so that no worker takes them first.)
      expect(await first.outbox.claim({ mailId: 'stuck', round: 0, attempt: 1 }, new Date(now - 1))).toBe(true);
      expect(await first.outbox.claim({ mailId: 'busy', round: 0, attempt: 1 }, new Date(now + 3_600_000))).toBe(true);
      await first.outbox.enqueue({ id: 'stuck', to: 'ada@example.org', template: 'signup-code', subject: 'stuck', text: 'stuck mail', html: '', dueAt: new Date(now - 1000), createdAt: new Date(now) });
      await first.outbox.enqueue({ id: 'busy', to: 'ada@example.org', template: 'signup-code', subject: 'busy', text: 'busy mail', html: '', dueAt: new Date(now - 1000), createdAt: new Date(now) });

      await Promise.all(mailers.map((mailer) => mailer.deliverDue()));
      await waitUntil(async () => (await second.outbox.find('stuck'))?.state === 'sent');

      expect(await second.outbox.find('stuck')).toMatchObject({ state: 'sent', attempts: 2 });
      expect(await second.outbox.find('busy')).toMatchObject({ state: 'queued', attempts: 0 });
      expect(smtp.mails.map((mail) => mail.subject)).toEqual(['stuck']);
    });
  });
}

async function waitUntil(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the outbox did not get there within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let directory: string;
beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'idp-outbox-'));
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));
let files = 0;
describeInstances('SQLite', () => `sqlite:${join(directory, `idp-${(files += 1)}.db`)}`);

describeWithMongo('MongoDB', (server) => {
  describeInstances('MongoDB', () => server().databaseUrl('outbox'));
});
