/**
 * "Your apps" on the account page: the apps the person has used, with their logo and a link to
 * open them when they have a launch address; and the apps they have not used yet but may open
 * (a launch address, and open to them: to every account, or to a group they are in). Over HTTP.
 */
import { randomBytes } from 'node:crypto';

import { changeAppAccess } from '../../src/access/appAccess.js';
import { addMember, createGroup } from '../../src/access/groups.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';
import { expectOk, newPerson } from './accountJourneys.js';

describe('account page: your apps', () => {
  let provider: TestProvider;
  let notes: RelyingApp;

  beforeAll(async () => {
    provider = await startTestProvider();
    notes = await RelyingApp.discover(provider.issuer, await registerClient(provider.store, {
      name: 'Notes', logoUri: 'https://cdn.notes.example/logo.png', launchUri: 'https://notes.example/',
    }));
    await registerClient(provider.store, { name: 'Wiki', launchUri: 'https://wiki.example/', logoUri: 'https://wiki.example/logo.svg' });
    await registerClient(provider.store, { name: 'Backend', firstParty: true });
    const payroll = await registerClient(provider.store, { name: 'Payroll', launchUri: 'https://payroll.example/' });
    await createGroup({ store: provider.store, randomBytes: (size) => randomBytes(size) }, { name: 'finance' });
    await changeAppAccess(provider.store, payroll.clientId, { allowedGroups: ['finance'] });
  });
  afterAll(() => provider.close());

  it('lists the app the person used with its logo and a link to open it, and open apps with a launch address to open', async () => {
    const person = await newPerson(provider, notes, 'apps-list@example.com');
    const page = expectOk(await person.browser.get('/account'));
    expect(page.body).toContain('<h2 id="apps-heading">Your apps</h2>');
    expect(page.body).toContain('<img class="app-logo" src="https://cdn.notes.example/logo.png" alt="" width="40" height="40"><div><h3 class="row-name" id="app-0">Notes</h3>');
    expect(page.body).toContain('<a class="open-app" href="https://notes.example/">Open Notes</a>');

    const toOpen = /<ul class="apps-to-open"[^>]*>(.*?)<\/ul>/s.exec(page.body)?.[1] ?? '';
    expect(toOpen).toContain('<a href="https://wiki.example/"><img class="app-logo" src="https://wiki.example/logo.svg" alt="" width="32" height="32"><span>Wiki</span></a>');
    // Not the app already listed as used, not one without a launch address, not one restricted to a group the person is not in.
    expect(toOpen).not.toContain('Notes');
    expect(toOpen).not.toContain('Backend');
    expect(toOpen).not.toContain('Payroll');

    // The logos' origins, and only theirs, may be shown.
    expect(page.headers.get('content-security-policy')).toContain("img-src 'self' data: https://cdn.notes.example https://wiki.example;");
  });

  it('lists an app restricted to a group once the person is in it', async () => {
    const person = await newPerson(provider, notes, 'apps-finance@example.com');
    await addMember(provider.store, { group: 'finance', email: person.email });
    const page = expectOk(await person.browser.get('/account'));
    expect(page.body).toContain('<a href="https://payroll.example/"><span>Payroll</span></a>');
  });

  it('says no app has access, and still offers the apps to open, before any grant', async () => {
    const person = await newPerson(provider, notes, 'apps-none@example.com');
    expectOk(await person.browser.postJson('/account/apps/revoke', { clientId: notes.client.clientId }));
    const page = expectOk(await person.browser.get('/account'));
    expect(page.body).toContain('No app has access to your account.');
    expect(page.body).toContain('<span>Notes</span>');
    expect(page.body).toContain('<span>Wiki</span>');
  });
});
