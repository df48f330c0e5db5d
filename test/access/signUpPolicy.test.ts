import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { checkOpenSignUp, describeSignUpPolicy, offersOpenSignUp } from '../../src/access/signUpPolicy.js';
import { loadSettings } from '../../src/config/settings.js';
import { startServerProcess } from '../support/serverProcess.js';

const config = join(mkdtempSync(join(tmpdir(), 'idp-signup-')), 'none.json');
writeFileSync(config, '{}');
const load = (env: Record<string, string>) => loadSettings({ IDP_CONFIG: config, ...env });
const remote = { IDP_ISSUER: 'https://id.example.com', SMTP_URL: 'smtp://mail.example.com' };

describe('SIGN_UP and SIGN_UP_EMAIL_DOMAINS', () => {
  it('defaults to open on localhost (the quick start) and to invite anywhere else', () => {
    expect(load({}).signUp).toBe('open');
    expect(load(remote).signUp).toBe('invite');
    expect(load({ ...remote, SIGN_UP: 'open' }).signUp).toBe('open');
    expect(load({ SIGN_UP: 'closed' }).signUp).toBe('closed');
  });

  it('stops start-up on an unknown policy or a malformed domain, naming the setting', () => {
    expect(() => load({ SIGN_UP: 'anyone' })).toThrow(/SIGN_UP/);
    expect(() => load({ SIGN_UP_EMAIL_DOMAINS: 'example.com, not a domain' })).toThrow(/SIGN_UP_EMAIL_DOMAINS/);
    expect(load({ SIGN_UP_EMAIL_DOMAINS: ' Example.com,@example.org ' }).signUpEmailDomains).toEqual(['example.com', 'example.org']);
  });

  it('lets strangers sign up only under open, and only at the allowed domains when some are named', () => {
    expect(offersOpenSignUp({ signUp: 'open', signUpEmailDomains: [] })).toBe(true);
    expect(offersOpenSignUp({ signUp: 'invite', signUpEmailDomains: [] })).toBe(false);
    expect(() => checkOpenSignUp({ signUp: 'invite', signUpEmailDomains: [] }, 'a@example.com')).toThrow(expect.objectContaining({ code: 'sign_up_closed' }));
    expect(() => checkOpenSignUp({ signUp: 'closed', signUpEmailDomains: [] }, 'a@example.com')).toThrow(expect.objectContaining({ code: 'sign_up_closed' }));
    const domains = { signUp: 'open' as const, signUpEmailDomains: ['example.com'] };
    expect(() => checkOpenSignUp(domains, 'a@EXAMPLE.com')).not.toThrow();
    expect(() => checkOpenSignUp(domains, 'a@sub.example.com')).toThrow(expect.objectContaining({ code: 'email_domain_not_allowed' }));
    expect(() => checkOpenSignUp(domains, 'a@example.com.evil.net')).toThrow(expect.objectContaining({ code: 'email_domain_not_allowed' }));
  });

  it('says in words which policy is in force', () => {
    expect(describeSignUpPolicy({ signUp: 'invite', signUpEmailDomains: [] })).toMatch(/invitation/);
    expect(describeSignUpPolicy({ signUp: 'open', signUpEmailDomains: ['example.com'] })).toMatch(/example\.com/);
  });
});

describe('the start-up log', () => {
  it('says which sign-up policy is in force', async () => {
    const server = await startServerProcess({ smtpUrl: 'smtp://127.0.0.1:9', env: { SIGN_UP: 'invite' } });
    try {
      const line = server.log().split('\n').find((entry) => entry.includes('server.sign_up_policy'));
      expect(line).toBeDefined();
      expect(JSON.parse(line!)).toMatchObject({ signUp: 'invite', meaning: expect.stringMatching(/invitation links/) });
    } finally {
      await server.stop();
    }
  });
});
