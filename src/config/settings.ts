/**
 * Every setting of the provider, defined once: its environment variable, type, default and meaning.
 * This is the only module that reads `process.env`. Values come from, in order of precedence:
 * the environment, then the JSON file named by IDP_CONFIG (default `config/idp.json`, optional), then
 * the defaults below. An invalid value stops start-up with a message that names the setting.
 */
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';

export interface Settings {
  port: number;
  host: string;
  issuer: string;
  databaseUrl: string;
  production: boolean;
  rpName: string;
  trustProxy: boolean;
  smtpUrl: string | null;
  mailFrom: string;
  recoveryLinkMinutes: number;
  recoveryRemovesOldPasskeys: boolean;
}

type Kind = 'port' | 'url' | 'string' | 'boolean' | 'minutes';

interface Definition {
  key: keyof Settings;
  env: string;
  kind: Kind;
  doc: string;
  default: (partial: Record<string, unknown>) => unknown;
}

/** The table the README's configuration section is written from. */
export const definitions: Definition[] = [
  { key: 'port', env: 'PORT', kind: 'port', default: () => 3000, doc: 'TCP port to listen on.' },
  {
    key: 'host', env: 'HOST', kind: 'string', default: () => '127.0.0.1',
    doc: 'Address to listen on: loopback by default; `0.0.0.0` to serve other machines (the Docker image does).',
  },
  {
    key: 'issuer', env: 'IDP_ISSUER', kind: 'url', default: (s) => `http://localhost:${s.port}`,
    doc: 'Public URL of the provider: the OIDC issuer, WebAuthn origin and base of every link in mail.',
  },
  {
    key: 'databaseUrl', env: 'DATABASE_URL', kind: 'string', default: () => 'sqlite:./data/idp.db',
    doc: '`sqlite:PATH` (embedded, the default) or `mongodb://…` / `mongodb+srv://…`.',
  },
  {
    key: 'production', env: 'NODE_ENV', kind: 'string', default: () => 'development',
    doc: '`production` turns off development conveniences (the development outbox) and requires SMTP_URL.',
  },
  { key: 'rpName', env: 'IDP_NAME', kind: 'string', default: () => 'Passkey ID', doc: 'Name shown on pages, in mails and by authenticators.' },
  {
    // The server speaks plain HTTP: an https issuer means a TLS-terminating proxy in front, whose
    // X-Forwarded-Proto is what makes cookies Secure.
    key: 'trustProxy', env: 'TRUST_PROXY', kind: 'boolean', default: (s) => String(s.issuer).startsWith('https:'),
    doc: 'Trust X-Forwarded-For / X-Forwarded-Proto from the reverse proxy in front (client IPs for rate limits, Secure cookies). Default: true when IDP_ISSUER is https. Links never use forwarded hosts.',
  },
  {
    key: 'smtpUrl', env: 'SMTP_URL', kind: 'url', default: () => null,
    doc: '`smtp://user:pass@host:port` or `smtps://…`. May be unset only for a provider on localhost outside production: mails then go to the development outbox.',
  },
  { key: 'mailFrom', env: 'MAIL_FROM', kind: 'string', default: () => 'Passkey ID <no-reply@localhost>', doc: 'From address of every mail.' },
  { key: 'recoveryLinkMinutes', env: 'RECOVERY_LINK_MINUTES', kind: 'minutes', default: () => 10, doc: 'How long a recovery link stays valid (1–10 minutes).' },
  {
    key: 'recoveryRemovesOldPasskeys', env: 'RECOVERY_REMOVES_OLD_PASSKEYS', kind: 'boolean', default: () => false,
    doc: 'Whether recovering an account removes its older passkeys.',
  },
];

export class SettingsError extends Error {
  constructor(env: string, problem: string) {
    super(`Invalid setting ${env}: ${problem}`);
    this.name = 'SettingsError';
  }
}

function parse(def: Definition, raw: unknown): unknown {
  if (raw === null) return null;
  const text = String(raw).trim();
  switch (def.kind) {
    case 'port': {
      const port = Number(text);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new SettingsError(def.env, `"${text}" is not a TCP port (0–65535)`);
      return port;
    }
    case 'minutes': {
      const minutes = Number(text);
      if (!Number.isInteger(minutes) || minutes < 1 || minutes > 10) throw new SettingsError(def.env, `"${text}" must be a whole number of minutes from 1 to 10`);
      return minutes;
    }
    case 'boolean':
      if (['true', '1', 'yes'].includes(text.toLowerCase())) return true;
      if (['false', '0', 'no', ''].includes(text.toLowerCase())) return false;
      throw new SettingsError(def.env, `"${text}" is not true or false`);
    case 'url': {
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        throw new SettingsError(def.env, `"${text}" is not an absolute URL`);
      }
      return url.href.replace(/\/$/, '');
    }
    default:
      return text;
  }
}

function validate(settings: Settings): void {
  const issuer = new URL(settings.issuer);
  if (issuer.protocol !== 'https:' && issuer.protocol !== 'http:') throw new SettingsError('IDP_ISSUER', 'must be http:// or https://');
  if (issuer.search || issuer.hash) throw new SettingsError('IDP_ISSUER', 'must not have a query or fragment');
  // Browsers accept passkeys only on a secure context and a domain name (never an IP address) as RP ID.
  if (/^\[|^\d+\.\d+\.\d+\.\d+$/.test(issuer.hostname)) {
    throw new SettingsError('IDP_ISSUER', 'must use a host name, not an IP address: browsers refuse passkeys for IP addresses (use http://localhost:PORT locally)');
  }
  if (issuer.protocol === 'http:' && issuer.hostname !== 'localhost') {
    throw new SettingsError('IDP_ISSUER', 'must be https:// unless the host is localhost (passkeys need a secure context)');
  }
  if (!/^(sqlite:|mongodb:\/\/|mongodb\+srv:\/\/)/.test(settings.databaseUrl)) {
    throw new SettingsError('DATABASE_URL', `"${settings.databaseUrl}" must start with sqlite:, mongodb:// or mongodb+srv://`);
  }
  if (settings.smtpUrl && !/^smtps?:/.test(settings.smtpUrl)) throw new SettingsError('SMTP_URL', 'must start with smtp:// or smtps://');
  if (settings.production && !settings.smtpUrl) {
    throw new SettingsError('SMTP_URL', 'is required when NODE_ENV=production (without it nobody can prove an address or recover an account)');
  }
  // Without SMTP, mails (sign-up codes, recovery links) are kept in the development outbox, which its
  // page shows to anyone who can reach the server: only acceptable for a provider on localhost.
  if (!settings.smtpUrl && issuer.hostname !== 'localhost') {
    throw new SettingsError('SMTP_URL', `is required when IDP_ISSUER is not on localhost (${issuer.host}): the development outbox would show sign-up codes and recovery links to anyone`);
  }
}

function readFile(path: string, explicit: boolean): Record<string, unknown> {
  if (!existsSync(path)) {
    if (explicit) throw new SettingsError('IDP_CONFIG', `file ${path} does not exist`);
    return {};
  }
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
    return parsed as Record<string, unknown>;
  } catch (error) {
    throw new SettingsError('IDP_CONFIG', `${path} is not a JSON object of settings (${(error as Error).message})`);
  }
}

/**
 * Reads the settings. The config file uses the same names as the environment (`{"PORT": 8080}`);
 * an unknown name in it is an error, so that a typo does not silently fall back to a default.
 */
export function loadSettings(env: Record<string, string | undefined> = process.env): Settings {
  const file = readFile(resolve(env.IDP_CONFIG ?? 'config/idp.json'), env.IDP_CONFIG !== undefined);
  const known = new Set(definitions.map((d) => d.env));
  for (const name of Object.keys(file)) {
    if (!known.has(name)) throw new SettingsError(name, 'is not a known setting (in the config file)');
  }
  const values: Record<string, unknown> = {};
  for (const def of definitions) {
    const raw = env[def.env] ?? file[def.env];
    values[def.key] = raw === undefined || raw === '' ? def.default(values) : parse(def, raw);
  }
  values.production = values.production === 'production';
  const settings = values as unknown as Settings;
  validate(settings);
  return settings;
}
