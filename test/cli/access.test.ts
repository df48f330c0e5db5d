/**
 * The `idp` commands for who may get in: administrators, invitations, groups, account management
 * and per-app access, run in-process against a real store (SQLite) and a real SMTP server.
 */
import type { MailService } from '../../src/email/mailer.js';
import { createMailer } from '../../src/email/mailer.js';
import { hashToken } from '../../src/tokens/tokenHash.js';
import { runCli } from '../../src/cli/run.js';
import type { Settings } from '../../src/config/settings.js';
import { createMemoryLogger } from '../../src/log.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/ports.js';
import { registerClient } from '../support/relyingApp.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtpCapture.js';

const issuer = 'https://id.example.com';

describe('idp admins, invitations, groups, users and client access', () => {
  let store: Store;
  let smtp: SmtpCapture;
  let mailer: MailService;
  let failMail = false;

  beforeEach(async () => {
    store = await openStore('sqlite::memory:');
    smtp = await startSmtpCapture();
    const settings = {
      port: 0, host: '127.0.0.1', issuer, databaseUrl: 'sqlite::memory:', production: false, rpName: 'Test ID', trustProxy: false,
      smtpUrl: smtp.url, mailFrom: 'Test ID <no-reply@example.com>', recoveryLinkMinutes: 10, recoveryRemovesOldPasskeys: false,
      signUp: 'invite', signUpEmailDomains: [], logoutConfirmation: 'when-needed', auditRetentionDays: 90, newDeviceAlerts: false, metricsToken: null,
      mailMaxAttempts: 8, mailRetrySeconds: 30, mailKeepDays: 14,
    } as Settings;
    mailer = createMailer({ settings, log: createMemoryLogger(), store, retryBaseMs: 1 });
    failMail = false;
    await store.people.insert({ id: 'sub-ada', webauthnUserId: 'h-ada', email: 'ada@example.com', emailVerified: true, name: 'Ada' });
    await store.people.insert({ id: 'sub-bob', webauthnUserId: 'h-bob', email: 'bob@example.com', emailVerified: true, name: null });
  });
  afterEach(async () => {
    await mailer.close();
    await smtp.close();
    await store.close();
  });

  async function idp(...argv: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, {
      openStore: async () => store,
      openMail: async () => ({
        mailer: failMail ? { send: async () => { throw new Error('SMTP refused'); } } : mailer,
        issuer,
        recoveryLinkMinutes: 10,
      }),
      out: (text) => { stdout += text; },
      err: (text) => { stderr += text; },
    });
    // As the real command does before it exits (src/cli/main.ts): the mail attempts under way end.
    await mailer.deliverDue();
    return { code, stdout, stderr };
  }

  describe('admins', () => {
    it('invites a first administrator with --print: the link is printed once and only its hash is stored', async () => {
      const { code, stdout } = await idp('admins', 'invite', 'root@example.com', '--print', '--json');
      expect(code).toBe(0);
      const printed = JSON.parse(stdout) as { id: string; link: string; administrator: boolean };
      expect(printed).toMatchObject({ email: 'root@example.com', administrator: true, groups: [] });
      const token = /^https:\/\/id\.example\.com\/invite\/([A-Za-z0-9_-]{43})$/.exec(printed.link)?.[1];
      expect(token).toBeTruthy();
      const [stored] = await store.invitations.list();
      expect(stored).toMatchObject({ id: printed.id, isAdmin: true, tokenHash: hashToken(token!) });
      expect(JSON.stringify(stored)).not.toContain(token);
      expect(smtp.attempts).toBe(0);
      // Listing never shows the link.
      const listed = await idp('invitations', 'list', '--json');
      expect(listed.stdout).not.toContain(token);
      expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ id: printed.id, email: 'root@example.com', administrator: true })]);
    });

    it('mails the invitation link under the issuer when --print is not given', async () => {
      const { code, stdout } = await idp('admins', 'invite', 'root@example.com', '--expires', '2d');
      expect(code).toBe(0);
      expect(stdout).toContain('mailed to root@example.com');
      const mail = await smtp.mailTo('root@example.com', 'invited');
      expect(mail.text).toMatch(/as an administrator/);
      const link = /https:\/\/id\.example\.com\/invite\/[A-Za-z0-9_-]{43}/.exec(mail.text!)?.[0];
      expect(link).toBeTruthy();
      expect(stdout).not.toContain(link!.split('/').pop());
      const [stored] = await store.invitations.list();
      expect(stored!.expiresAt.getTime() - stored!.createdAt.getTime()).toBe(2 * 86_400_000);
    });

    it('takes the invitation back when its mail cannot be sent', async () => {
      failMail = true;
      const { code, stderr } = await idp('admins', 'invite', 'root@example.com');
      expect(code).toBe(1);
      expect(stderr).toContain('SMTP refused');
      expect(await store.invitations.list()).toEqual([]);
    });

    it('adds, lists and removes administrators among existing accounts', async () => {
      expect(await idp('admins', 'list')).toMatchObject({ code: 0, stdout: expect.stringContaining('No administrators yet') });
      expect(await idp('admins', 'add', 'ADA@example.com')).toMatchObject({ code: 0, stdout: 'ada@example.com is now an administrator.\n' });
      expect(JSON.parse((await idp('admins', 'list', '--json')).stdout)).toEqual([{ sub: 'sub-ada', email: 'ada@example.com', name: 'Ada', disabled: false }]);
      expect(await idp('admins', 'add', 'bob@example.com')).toMatchObject({ code: 0 });
      expect(await idp('admins', 'remove', 'ada@example.com')).toMatchObject({ code: 0 });
      expect((await store.people.findById('sub-ada'))?.isAdmin).toBe(false);
      expect(await idp('admins', 'add', 'nobody@example.com')).toMatchObject({ code: 1, stderr: expect.stringContaining('no account') });
    });

    it('refuses to remove, disable or delete the last active administrator, changing nothing', async () => {
      await idp('admins', 'add', 'ada@example.com');
      await idp('admins', 'add', 'bob@example.com');
      expect(await idp('users', 'disable', 'bob@example.com')).toMatchObject({ code: 0 });
      for (const command of [['admins', 'remove'], ['users', 'disable'], ['users', 'remove']]) {
        expect(await idp(...command, 'ada@example.com')).toMatchObject({ code: 1, stderr: expect.stringContaining('last active administrator') });
      }
      expect(await store.people.findById('sub-ada')).toMatchObject({ isAdmin: true, disabledAt: null });
    });
  });

  describe('invitations', () => {
    it('refuses, writing nothing: an address with an account, an unknown group, a bad address or duration', async () => {
      await idp('groups', 'create', 'family');
      expect(await idp('invitations', 'create', '--email', 'ada@example.com')).toMatchObject({ code: 1, stderr: expect.stringContaining('already has an account') });
      expect(await idp('invitations', 'create', '--email', 'new@example.com', '--groups', 'family,nope')).toMatchObject({ code: 1, stderr: expect.stringContaining('no group') });
      expect(await idp('invitations', 'create', '--email', 'not-an-address')).toMatchObject({ code: 2 });
      expect(await idp('invitations', 'create', '--email', 'new@example.com', '--expires', '90d')).toMatchObject({ code: 2, stderr: expect.stringContaining('30 days') });
      expect(await idp('invitations', 'create')).toMatchObject({ code: 2, stderr: expect.stringContaining('--email') });
      expect(await store.invitations.list()).toEqual([]);
      expect(smtp.attempts).toBe(0);
    });

    it('creates an invitation with groups, lists it and revokes it', async () => {
      await idp('groups', 'create', 'family');
      const created = await idp('invitations', 'create', '--email', 'cy@example.com', '--groups', 'family', '--print', '--json');
      expect(created.code).toBe(0);
      const { id, groups } = JSON.parse(created.stdout) as { id: string; groups: string[] };
      expect(groups).toEqual(['family']);
      expect((await idp('invitations', 'list')).stdout).toMatch(new RegExp(`${id}  cy@example.com  until .*groups: family`));
      expect(await idp('invitations', 'revoke', id)).toMatchObject({ code: 0 });
      expect(await store.invitations.list()).toEqual([]);
      expect(await idp('invitations', 'revoke', id)).toMatchObject({ code: 1, stderr: expect.stringContaining('no open invitation') });
    });
  });

  describe('groups', () => {
    it('creates, lists, updates and removes groups, and manages members', async () => {
      expect(await idp('groups', 'create', 'Family', '--description', 'Our household', '--default')).toMatchObject({ code: 0, stdout: expect.stringContaining('Created group family') });
      expect(await idp('groups', 'create', 'family')).toMatchObject({ code: 1, stderr: expect.stringContaining('already a group') });
      expect(await idp('groups', 'create', 'not ok')).toMatchObject({ code: 2 });
      expect(await idp('groups', 'add-member', 'family', 'ada@example.com')).toMatchObject({ code: 0, stdout: 'Added ada@example.com to family.\n' });
      expect(await idp('groups', 'add-member', 'family', 'ada@example.com')).toMatchObject({ code: 0, stdout: expect.stringContaining('already') });
      expect(await idp('groups', 'add-member', 'family', 'nobody@example.com')).toMatchObject({ code: 1 });
      expect(await idp('groups', 'add-member', 'nope', 'ada@example.com')).toMatchObject({ code: 1 });
      expect(JSON.parse((await idp('groups', 'list', '--json')).stdout)).toEqual([
        expect.objectContaining({ name: 'family', description: 'Our household', default: true, members: 1 }),
      ]);
      expect(JSON.parse((await idp('groups', 'members', 'family', '--json')).stdout)).toEqual([{ sub: 'sub-ada', email: 'ada@example.com', name: 'Ada' }]);
      expect(await idp('groups', 'update', 'family', '--no-default')).toMatchObject({ code: 0 });
      expect((await store.groups.findByName('family'))?.isDefault).toBe(false);
      expect(await idp('groups', 'update', 'family')).toMatchObject({ code: 2 });
      expect(await idp('groups', 'remove-member', 'family', 'ada@example.com')).toMatchObject({ code: 0 });
      expect(await idp('groups', 'remove', 'family')).toMatchObject({ code: 0 });
      expect(await idp('groups', 'remove', 'family')).toMatchObject({ code: 1 });
    });

    it('sets group claims, refuses reserved names and says when groups now disagree', async () => {
      await idp('groups', 'create', 'alpha');
      await idp('groups', 'create', 'zeta');
      await idp('groups', 'add-member', 'alpha', 'ada@example.com');
      await idp('groups', 'add-member', 'zeta', 'ada@example.com');
      expect(await idp('groups', 'set-claim', 'zeta', 'quota', '"50GB"')).toMatchObject({ code: 0, stderr: '' });
      const conflicting = await idp('groups', 'set-claim', 'alpha', 'quota', '"100GB"');
      expect(conflicting).toMatchObject({ code: 0, stderr: expect.stringContaining('ada@example.com is in groups that give quota different values (alpha, zeta); alpha wins') });
      expect(await idp('groups', 'set-claim', 'alpha', 'groups', '["x"]')).toMatchObject({ code: 2, stderr: expect.stringContaining('reserved') });
      expect(await idp('groups', 'set-claim', 'alpha', 'roles', 'admin')).toMatchObject({ code: 2, stderr: expect.stringContaining('JSON') });
      expect(await idp('groups', 'unset-claim', 'alpha', 'quota')).toMatchObject({ code: 0 });
      expect((await store.groups.findByName('alpha'))?.claims).toEqual({});
    });
  });

  describe('users', () => {
    it('shows an account as JSON with its groups, claims and where they come from', async () => {
      await idp('groups', 'create', 'family');
      await idp('groups', 'add-member', 'family', 'ada@example.com');
      await idp('groups', 'set-claim', 'family', 'roles', '["viewer"]');
      await idp('users', 'set-claim', 'ada@example.com', 'tier', '{"level":2}');
      const { code, stdout } = await idp('users', 'show', 'ada@example.com', '--json');
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({
        sub: 'sub-ada', email: 'ada@example.com', administrator: false, disabled_at: null, passkeys: [], groups: ['family'],
        claims: { roles: ['viewer'], tier: { level: 2 } },
        claim_sources: { roles: [{ from: 'group:family', value: ['viewer'] }], tier: [{ from: 'person', value: { level: 2 } }] },
        sessions: [], apps: [],
      });
      expect(await idp('users', 'show', 'nobody@example.com')).toMatchObject({ code: 1 });
    });

    it('sets the profile apps receive, refuses a username another account has and bad values, writing nothing', async () => {
      expect(await idp('users', 'update', 'ada@example.com', '--username', 'ada.l', '--given-name', 'Ada', '--family-name', 'Lovelace', '--locale', 'en-GB'))
        .toMatchObject({ code: 0, stdout: 'Updated ada@example.com: givenName, familyName, preferredUsername, locale.\n' });
      expect(await store.people.findById('sub-ada')).toMatchObject({ preferredUsername: 'ada.l', givenName: 'Ada', familyName: 'Lovelace', locale: 'en-GB' });

      const taken = await idp('users', 'update', 'bob@example.com', '--username', 'ADA.L', '--name', 'Bob');
      expect(taken.code).toBe(1);
      expect(taken.stderr).toContain('Another account already has that username.');
      expect(await idp('users', 'update', 'bob@example.com', '--picture', 'http://pictures.example/bob.png')).toMatchObject({ code: 2 });
      expect(await idp('users', 'update', 'bob@example.com', '--username', 'bob smith')).toMatchObject({ code: 2 });
      expect(await idp('users', 'update', 'bob@example.com')).toMatchObject({ code: 2 });
      expect(await store.people.findById('sub-bob')).toMatchObject({ name: null, preferredUsername: null, picture: null });

      expect(await idp('users', 'update', 'ada@example.com', '--username', '')).toMatchObject({ code: 0 });
      expect((await store.people.findById('sub-ada'))!.preferredUsername).toBeNull();
    });

    it('disables an account (ending its sessions and revoking its tokens), enables it, and removes it', async () => {
      await store.oidc.upsert('Session', 'session-1', { uid: 'u1', accountId: 'sub-ada' }, 600);
      await store.oidc.upsert('Grant', 'grant-1', { accountId: 'sub-ada', clientId: 'app' }, 600);
      await store.oidc.upsert('RefreshToken', 'rt-1', { accountId: 'sub-ada', grantId: 'grant-1' }, 600);
      await store.oidc.upsert('Session', 'session-2', { uid: 'u2', accountId: 'sub-bob' }, 600);
      expect(await idp('users', 'disable', 'ada@example.com')).toMatchObject({ code: 0, stdout: 'Disabled ada@example.com; ended 1 session.\n' });
      expect((await store.people.findById('sub-ada'))?.disabledAt).toBeInstanceOf(Date);
      expect(await store.oidc.find('Session', 'session-1')).toBeNull();
      expect(await store.oidc.find('RefreshToken', 'rt-1')).toBeNull();
      expect(await store.oidc.find('Grant', 'grant-1')).toBeNull();
      expect(await store.oidc.find('Session', 'session-2')).not.toBeNull();
      expect((await idp('users', 'show', 'ada@example.com')).stdout).toContain('disabled since');
      expect(await idp('users', 'enable', 'ada@example.com')).toMatchObject({ code: 0, stdout: 'Enabled ada@example.com.\n' });
      expect((await store.people.findById('sub-ada'))?.disabledAt).toBeNull();
      expect(await idp('users', 'remove', 'ada@example.com')).toMatchObject({ code: 0 });
      expect(await store.people.findById('sub-ada')).toBeNull();
      expect(await idp('users', 'disable', 'ada@example.com')).toMatchObject({ code: 1 });
    });
  });

  describe('clients access', () => {
    it('shows a new app open to every account, restricts it to groups and names the claims it receives', async () => {
      const { clientId } = await registerClient(store);
      await idp('groups', 'create', 'family');
      expect(JSON.parse((await idp('clients', 'access', clientId, '--json')).stdout)).toEqual({ client_id: clientId, allowed_groups: null, claims: [] });
      expect(await idp('clients', 'access', clientId, '--allowed-group', 'family', '--claim', 'roles')).toMatchObject({
        code: 0, stdout: `${clientId}: members of family; custom claims: roles\n`,
      });
      expect(await idp('clients', 'access', clientId, '--allowed-group', 'nope')).toMatchObject({ code: 1 });
      expect(await idp('clients', 'access', clientId, '--claim', 'email')).toMatchObject({ code: 2 });
      expect(await idp('clients', 'access', clientId, '--everyone', '--allowed-group', 'family')).toMatchObject({ code: 2 });
      expect(await store.appAccess.find(clientId)).toMatchObject({ claims: ['roles'], allowedGroupIds: [expect.any(String)] });
      expect(await idp('clients', 'access', clientId, '--everyone', '--no-claims')).toMatchObject({ code: 0, stdout: `${clientId}: every account\n` });
      expect(await idp('clients', 'access', 'unknown-client', '--everyone')).toMatchObject({ code: 1, stderr: expect.stringContaining('no app') });
    });
  });
});
