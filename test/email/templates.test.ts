import { isIssuerLink, linkTo } from '../../src/email/links.js';
import { compileMailTemplates, mailTemplates, type MailValues } from '../../src/email/templates.js';

const ISSUER = 'https://id.example.test/idp';
const templates = compileMailTemplates({ settings: { issuer: ISSUER, rpName: 'Example ID' } });
const time = new Date('2026-03-04T05:06:07Z');

const samples: MailValues = {
  'signup-code': { code: '042917', minutes: 10 },
  'signup-existing': { signInUrl: linkTo(ISSUER, '/interaction/abc') },
  'recovery-link': { link: linkTo(ISSUER, '/recover/tok'), minutes: 10 },
  'recovery-unknown': { signUpUrl: linkTo(ISSUER, '/') },
  'passkey-added-by-recovery': { time, browser: 'Firefox on Linux', olderPasskeys: 'iCloud Keychain, YubiKey', accountUrl: linkTo(ISSUER, '/account#lost-device') },
  'passkey-added': { time, browser: 'Safari on iOS', passkeyName: 'iCloud Keychain' },
  'passkey-removed': { time },
  'email-changed': { time },
  'email-change-code': { code: '042917', minutes: 10 },
  'email-change-taken': {},
  invitation: { link: linkTo(ISSUER, '/invite/tok'), expiresAt: time, groups: 'family, friends', administrator: true },
  'new-device': { time, browser: 'Firefox on Windows', ip: '203.0.113.9' },
  'account-disabled': { time },
  'app-access-removed': { group: 'staff', apps: 'Wiki, Chat' },
};

describe('mail templates', () => {
  it.each(mailTemplates)('renders "%s" as a subject, an HTML part and a text part naming the provider', (template) => {
    const mail = templates.render(template, samples[template] as never);
    expect(mail.subject).toContain('Example ID');
    expect(mail.html).toMatch(/^<!DOCTYPE html>/);
    expect(mail.html).toContain(`href="${ISSUER}"`);
    expect(mail.text).toContain(`Example ID at ${ISSUER}.`);
    expect(mail.text).not.toMatch(/<\w/);
    expect(mail.text).not.toMatch(/\n{3}/);
  });

  it('shows times in UTC', () => {
    const mail = templates.render('passkey-removed', { time });
    expect(mail.text).toContain('4 March 2026 at 05:06 UTC');
  });

  it('escapes values in the HTML part and keeps them on one line in the text part', () => {
    const browser = '<img src=x onerror=alert(1)>\r\nVisit https://attacker.example';
    const mail = templates.render('passkey-added-by-recovery', { ...samples['passkey-added-by-recovery'], browser });
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail.text).toContain('(<img src=x onerror=alert(1)> Visit https://attacker.example)');
  });

  it('names the passkeys a recovery kept, with a link to remove them, and says nothing of them when none was kept', () => {
    const kept = templates.render('passkey-added-by-recovery', samples['passkey-added-by-recovery']);
    expect(kept.text).toContain('Your other passkeys still work: iCloud Keychain, YubiKey.');
    expect(kept.links).toEqual([`${ISSUER}/account#lost-device`]);
    const none = templates.render('passkey-added-by-recovery', { ...samples['passkey-added-by-recovery'], olderPasskeys: '' });
    expect(none.text).toMatch(/has been signed out/);
    expect(none.text).not.toContain('other passkeys');
    expect(none.text).not.toContain('/account#lost-device');
  });

  it('lists the links of a mail for the development outbox', () => {
    expect(templates.render('recovery-link', samples['recovery-link']).links).toEqual([`${ISSUER}/recover/tok`]);
    expect(templates.render('signup-code', samples['signup-code']).links).toEqual([]);
  });
});

describe('linkTo', () => {
  it('builds links from the issuer, its path included, with an encoded query', () => {
    expect(linkTo(ISSUER, '/recover/tok', { next: 'a b&c' })).toBe(`${ISSUER}/recover/tok?next=a+b%26c`);
    expect(linkTo('http://localhost:3000', '/')).toBe('http://localhost:3000/');
  });

  it('refuses paths that would name another host', () => {
    for (const path of ['//attacker.example/x', '/\\attacker.example', 'https://attacker.example/', 'recover', '']) {
      expect(() => linkTo(ISSUER, path)).toThrow(/single "\/"/);
    }
  });

  it('accepts only links on the issuer origin, under its path, without userinfo', () => {
    expect(isIssuerLink(ISSUER, `${ISSUER}/recover/x`)).toBe(true);
    expect(isIssuerLink(ISSUER, ISSUER)).toBe(true);
    expect(isIssuerLink(ISSUER, 'https://id.example.test.attacker.example/idp/x')).toBe(false);
    expect(isIssuerLink(ISSUER, 'https://id.example.test/idp-other/x')).toBe(false);
    expect(isIssuerLink(ISSUER, 'https://id.example.test/x')).toBe(false);
    expect(isIssuerLink(ISSUER, 'http://id.example.test/idp/x')).toBe(false);
    expect(isIssuerLink(ISSUER, 'https://eve@id.example.test/idp/x')).toBe(false);
    expect(isIssuerLink(ISSUER, 'not a url')).toBe(false);
  });
});
