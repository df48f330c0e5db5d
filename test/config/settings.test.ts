import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadSettings } from '../../src/config/settings.js';

const emptyConfig = join(mkdtempSync(join(tmpdir(), 'idp-settings-')), 'none.json');
const load = (env: Record<string, string>) => loadSettings({ ...env, ...(env.IDP_CONFIG ? {} : { IDP_CONFIG: writeEmpty() }) });

function writeEmpty(): string {
  writeFileSync(emptyConfig, '{}');
  return emptyConfig;
}

describe('settings', () => {
  it('has safe defaults: port 3000, issuer on localhost, the embedded store, no SMTP outside production', () => {
    expect(load({})).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      issuer: 'http://localhost:3000',
      databaseUrl: 'sqlite:./data/idp.db',
      production: false,
      smtpUrl: null,
      recoveryLinkMinutes: 10,
      recoveryRemovesOldPasskeys: false,
      logoutConfirmation: 'when-needed',
      trustProxy: false,
      auditRetentionDays: 90,
      newDeviceAlerts: false,
      metricsToken: null,
    });
  });

  it('reads the audit retention in days, the new-device alert switch, and a metrics token it never echoes', () => {
    expect(load({ AUDIT_RETENTION_DAYS: '30', NEW_DEVICE_ALERTS: 'true', METRICS_TOKEN: 'scrape-me-please-0123' })).toMatchObject({
      auditRetentionDays: 30, newDeviceAlerts: true, metricsToken: 'scrape-me-please-0123',
    });
    expect(() => load({ AUDIT_RETENTION_DAYS: '0' })).toThrow(/AUDIT_RETENTION_DAYS/);
    expect(() => load({ AUDIT_RETENTION_DAYS: 'forever' })).toThrow(/AUDIT_RETENTION_DAYS/);
    expect(() => load({ METRICS_TOKEN: 'short-secret' })).toThrow(/METRICS_TOKEN/);
    expect(() => load({ METRICS_TOKEN: 'short-secret' })).not.toThrow(/short-secret/);
  });

  it('trusts one proxy in front when the issuer is https (the server itself speaks plain HTTP)', () => {
    const https = { IDP_ISSUER: 'https://id.example.com', SMTP_URL: 'smtp://mail.example.com' };
    expect(load(https).trustProxy).toBe(1);
    expect(load({ ...https, TRUST_PROXY: 'false' }).trustProxy).toBe(false);
  });

  it('reads TRUST_PROXY as true/false, a number of proxies, or CIDR ranges', () => {
    expect(load({ TRUST_PROXY: 'true' }).trustProxy).toBe(1);
    expect(load({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(load({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(load({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1 ,fd00::/8' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1', 'fd00::/8']);
  });

  it('derives the issuer from PORT and lets the environment override the config file', () => {
    expect(load({ PORT: '8080' }).issuer).toBe('http://localhost:8080');
    const file = join(mkdtempSync(join(tmpdir(), 'idp-settings-')), 'idp.json');
    writeFileSync(file, JSON.stringify({ PORT: 4000, IDP_NAME: 'From File' }));
    expect(load({ IDP_CONFIG: file })).toMatchObject({ port: 4000, rpName: 'From File' });
    expect(load({ IDP_CONFIG: file, PORT: '5000' }).port).toBe(5000);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ IDP_ISSUER: 'not a url' }, /IDP_ISSUER/],
    [{ IDP_ISSUER: 'http://id.example.com' }, /IDP_ISSUER: must be https/],
    [{ IDP_ISSUER: 'https://192.168.1.10' }, /IDP_ISSUER: must use a host name/],
    [{ IDP_ISSUER: 'https://id.example.com/?x=1', SMTP_URL: 'smtp://mail.example.com' }, /IDP_ISSUER/],
    [{ DATABASE_URL: 'postgres://db' }, /DATABASE_URL/],
    [{ SMTP_URL: 'http://mail' }, /SMTP_URL/],
    [{ NODE_ENV: 'production', IDP_ISSUER: 'https://id.example.com' }, /SMTP_URL: is required when NODE_ENV=production/],
    [{ IDP_ISSUER: 'https://id.example.com' }, /SMTP_URL: is required when IDP_ISSUER is not on localhost/],
    [{ RECOVERY_LINK_MINUTES: '30' }, /RECOVERY_LINK_MINUTES/],
    [{ TRUST_PROXY: 'maybe' }, /TRUST_PROXY/],
    [{ TRUST_PROXY: '10.0.0.0/33' }, /TRUST_PROXY/],
    [{ TRUST_PROXY: '10.0.0.0/8, proxy.local' }, /TRUST_PROXY/],
  ])('stops start-up on %o with a message naming the setting', (env, message) => {
    expect(() => load(env)).toThrow(message);
  });

  it('refuses an unknown name in the config file, and a config file that is not there when named', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'idp-settings-')), 'idp.json');
    writeFileSync(file, JSON.stringify({ PROT: 3000 }));
    expect(() => load({ IDP_CONFIG: file })).toThrow(/PROT: is not a known setting/);
    expect(() => load({ IDP_CONFIG: join(tmpdir(), 'missing-idp-config.json') })).toThrow(/IDP_CONFIG: file .* does not exist/);
  });
});
