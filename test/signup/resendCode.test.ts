/**
 * "Send me a new code" at sign-up, over HTTP: a new code replaces the pending one for the same
 * address, but the tries are the sign-up's, not the code's (5 in all, however many codes), and a
 * sign-up may ask for at most 3 new codes. Both hold with 50 requests at once, on SQLite and on the
 * MongoDB engine (FerretDB here).
 */
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/ports.js';
import { BrowserSession } from '../support/browserSession.js';
import { codeFrom, openInteraction } from '../support/journeys.js';
import { describeWithMongo } from '../support/mongoServer.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

const AT_ONCE = 50;

/** Every mail the development outbox holds for `to`, newest first, once those queued are delivered. */
async function mailsTo(provider: TestProvider, to: string) {
  await provider.mailer.deliverDue();
  return (provider.mailer.outbox?.list() ?? []).filter((mail) => mail.to === to);
}

function wrongCode(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, '0');
}

async function beginSignUp(provider: TestProvider, app: RelyingApp, email: string) {
  const browser = new BrowserSession(provider.origin);
  const base = await openInteraction(browser, (await app.startSignIn()).url);
  const requested = await browser.postJson(`${base}/signup`, { email });
  expect(requested.status).toBe(200);
  const code = codeFrom((await mailsTo(provider, email))[0]!.text);
  return { browser, base, requested, code };
}

describe('a new sign-up code', () => {
  let provider: TestProvider;
  let app: RelyingApp;

  beforeAll(async () => {
    provider = await startTestProvider();
    app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store));
  });
  afterAll(() => provider.close());

  it('says how many tries and new codes a sign-up has', async () => {
    const { requested } = await beginSignUp(provider, app, 'told@example.com');
    expect(requested.json).toEqual({ next: 'code', email: 'told@example.com', minutes: 10, tries: 5, resends: 3 });
  });

  it('mails a new code to the same address, and only the new code works', async () => {
    const email = 'resent@example.com';
    const { browser, base, code: first } = await beginSignUp(provider, app, email);
    const resent = await browser.postJson(`${base}/signup/resend`, {});
    expect(resent.status).toBe(200);
    expect(resent.json).toEqual({ next: 'code', email, minutes: 10, resent: true });
    const mails = await mailsTo(provider, email);
    expect(mails).toHaveLength(2);
    const second = codeFrom(mails[0]!.text);

    if (second !== first) expect((await browser.postJson(`${base}/signup/code`, { code: first })).json.error).toBe('code_invalid');
    const confirmed = await browser.postJson(`${base}/signup/code`, { code: second });
    expect(confirmed.status).toBe(200);
    const created = await browser.postJson(`${base}/signup/passkey`, { response: new SoftAuthenticator().createCredential(confirmed.json.options, { origin: provider.origin }) });
    expect(created.status).toBe(200);
    expect(await provider.store.people.findByEmail(email)).not.toBeNull();
  });

  it('keeps the tries used before a new code: 4 wrong, a new code, 1 more wrong, and the sign-up is over', async () => {
    const email = 'tries-kept@example.com';
    const { browser, base, code } = await beginSignUp(provider, app, email);
    for (let i = 0; i < 4; i++) expect((await browser.postJson(`${base}/signup/code`, { code: wrongCode(code) })).json.error).toBe('code_invalid');
    expect((await browser.postJson(`${base}/signup/resend`, {})).status).toBe(200);
    const fresh = codeFrom((await mailsTo(provider, email))[0]!.text);
    const last = await browser.postJson(`${base}/signup/code`, { code: wrongCode(fresh) });
    expect(last.status).toBe(429);
    expect(last.json.error).toBe('code_attempts_exceeded');
    expect((await browser.postJson(`${base}/signup/code`, { code: fresh })).json.error).toBe('signup_expired');
    // Nothing is left to resend: no mail goes out.
    const refused = await browser.postJson(`${base}/signup/resend`, {});
    expect(refused.status).toBe(400);
    expect(refused.json.error).toBe('signup_expired');
    expect(await mailsTo(provider, email)).toHaveLength(2);
  });

  it('mails at most 3 new codes for one sign-up, then refuses with 429 and mails nothing', async () => {
    const email = 'resent-often@example.com';
    const { browser, base } = await beginSignUp(provider, app, email);
    for (let i = 0; i < 3; i++) expect((await browser.postJson(`${base}/signup/resend`, {})).status).toBe(200);
    const refused = await browser.postJson(`${base}/signup/resend`, {});
    expect(refused.status).toBe(429);
    expect(refused.json.error).toBe('code_resends_exceeded');
    expect(refused.json.message).toMatch(/latest mail/);
    const mails = await mailsTo(provider, email);
    expect(mails).toHaveLength(4);
    // The last code mailed still works.
    expect((await browser.postJson(`${base}/signup/code`, { code: codeFrom(mails[0]!.text) })).status).toBe(200);
  });

  it('refuses a new code when no sign-up is under way in this sign-in', async () => {
    const browser = new BrowserSession(provider.origin);
    const base = await openInteraction(browser, (await app.startSignIn()).url);
    const refused = await browser.postJson(`${base}/signup/resend`, {});
    expect(refused.status).toBe(400);
    expect(refused.json.error).toBe('signup_expired');
  });

  it('answers a known address exactly like a new one, and mails its owner again instead of a code', async () => {
    const owner = 'resend-owner@example.com';
    const first = await beginSignUp(provider, app, owner);
    const created = await first.browser.postJson(`${first.base}/signup/code`, { code: first.code });
    await first.browser.postJson(`${first.base}/signup/passkey`, { response: new SoftAuthenticator().createCredential(created.json.options, { origin: provider.origin }) });
    expect(await provider.store.people.findByEmail(owner)).not.toBeNull();

    const known = new BrowserSession(provider.origin);
    const knownBase = await openInteraction(known, (await app.startSignIn()).url);
    expect((await known.postJson(`${knownBase}/signup`, { email: owner })).status).toBe(200);
    const unknown = new BrowserSession(provider.origin);
    const unknownBase = await openInteraction(unknown, (await app.startSignIn()).url);
    expect((await unknown.postJson(`${unknownBase}/signup`, { email: 'resend-stranger@example.com' })).status).toBe(200);
    const before = (await mailsTo(provider, owner)).length;

    const knownAnswer = await known.postJson(`${knownBase}/signup/resend`, {});
    const unknownAnswer = await unknown.postJson(`${unknownBase}/signup/resend`, {});
    expect(knownAnswer.status).toBe(unknownAnswer.status);
    expect({ ...knownAnswer.json, email: '' }).toEqual({ ...unknownAnswer.json, email: '' });
    const ownerMails = await mailsTo(provider, owner);
    expect(ownerMails).toHaveLength(before + 1);
    expect(ownerMails[0]!.subject).toMatch(/tried to sign up/);
    expect(ownerMails[0]!.text).not.toMatch(/\b\d{6}\b/);
  });
});

/** 50 new-code requests at once: 3 get one; 50 requests mixing new codes and wrong guesses: 5 guesses compared in all. */
async function raceResends(provider: TestProvider): Promise<void> {
  const app = await RelyingApp.discover(provider.issuer, await registerClient(provider.store));

  const email = 'raced-resends@example.com';
  const { browser, base } = await beginSignUp(provider, app, email);
  const answers = await Promise.all(Array.from({ length: AT_ONCE }, () => browser.postJson(`${base}/signup/resend`, {})));
  expect(answers.filter((answer) => answer.status === 200)).toHaveLength(3);
  expect(answers.filter((answer) => answer.status !== 200).every((answer) => answer.json.error === 'code_resends_exceeded')).toBe(true);
  expect(await mailsTo(provider, email)).toHaveLength(1 + 3);

  const guessed = 'raced-guesses@example.com';
  const race = await beginSignUp(provider, app, guessed);
  const wrong = wrongCode(race.code);
  const mixed = await Promise.all(Array.from({ length: AT_ONCE }, (_, i) => (i % 2
    ? race.browser.postJson(`${race.base}/signup/resend`, {})
    : race.browser.postJson(`${race.base}/signup/code`, { code: wrong }))));
  const guesses = mixed.filter((_, i) => i % 2 === 0).map((answer) => answer.json?.error);
  // However the new codes and the guesses interleave, the sign-up's 5 tries are drawn once each, and
  // no guess past them is compared.
  const tries = provider.log.lines
    .filter((line) => line.event === 'http.error' && /^try \d+$/.test(String(line.detail)))
    .map((line) => Number(String(line.detail).slice(4)));
  expect(tries.filter((n) => n <= 5).sort()).toEqual([1, 2, 3, 4, 5]);
  expect(guesses.filter((error) => error === 'code_invalid').length).toBeLessThanOrEqual(4);
  expect(guesses.every((error) => ['code_invalid', 'code_attempts_exceeded', 'signup_expired'].includes(error))).toBe(true);
  // Every code mailed for this sign-up is refused now, the newest included.
  for (const mail of await mailsTo(provider, guessed)) {
    const late = await race.browser.postJson(`${race.base}/signup/code`, { code: codeFrom(mail.text) });
    expect(late.status).not.toBe(200);
  }
  expect(await provider.store.people.findByEmail(guessed)).toBeNull();
}

describe('new sign-up codes at once on SQLite', () => {
  let provider: TestProvider;
  beforeAll(async () => { provider = await startTestProvider(); });
  afterAll(() => provider.close());

  it(`mails 3 of ${AT_ONCE} new codes asked for at once, and new codes never add guesses`, async () => {
    await raceResends(provider);
  });
});

describeWithMongo('new sign-up codes at once on MongoDB', (server) => {
  let store: Store;
  let provider: TestProvider;
  beforeAll(async () => {
    const databaseUrl = server().databaseUrl('resends');
    store = await openStore(databaseUrl);
    provider = await startTestProvider({ store, settings: { databaseUrl } });
  });
  afterAll(async () => {
    await provider?.close();
    await store?.close();
  });

  it(`mails 3 of ${AT_ONCE} new codes asked for at once, and new codes never add guesses`, async () => {
    expect(provider.store.engine).toBe('mongo');
    await raceResends(provider);
  });
});
