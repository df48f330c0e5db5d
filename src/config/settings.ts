/**
 * Every setting of the provider, defined once: its environment variable, type, default and meaning.
 * This is the only module that reads `process.env`. Values come from, in order of precedence:
 * the environment, then the JSON file named by IDP_CONFIG (default `config/idp.json`, optional), then
 * the defaults below. An invalid value stops start-up with a message that names the setting.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

import { isAddressRange } from './addressRange.js';

/**
 * Which reverse proxies may tell the provider a client's address (X-Forwarded-For): none (`false`),
 * the last N in front of it (a hop count; `true` means 1), or those whose addresses lie in these CIDR
 * ranges. The client is the first address, counting from the right, that was not written by one of them.
 */
export type ProxyTrust = boolean | number | string[];

export interface Settings {
  port: number;
  host: string;
  issuer: string;
  databaseUrl: string;
  production: boolean;
  rpName: string;
  trustProxy: ProxyTrust;
  smtpUrl: string | null;
  mailFrom: string;
  recoveryLinkMinutes: number;
  recoveryRemovesOldPasskeys: boolean;
  signUp: SignUpPolicy;
  signUpEmailDomains: string[];
  /** RP-initiated logout: ask only without a valid id_token_hint for the signed-in person, or always. */
  logoutConfirmation: LogoutConfirmation;
  /** How long the audit trail keeps an event (src/audit/). */
  auditRetentionDays: number;
  /** Mail the account when it signs in from a browser and address it has not used before. */
  newDeviceAlerts: boolean;
  /** Bearer token that /metrics requires; null: no /metrics at all. */
  metricsToken: string | null;
  /** Attempts at a mail before it is given up on as failed (src/email/mailWorker.ts). */
  mailMaxAttempts: number;
  /** Pause before the first retry of a mail; doubled after each further failure. */
  mailRetrySeconds: number;
  /** How long sent and failed mails stay listed in the outbox. */
  mailKeepDays: number;
  // Limits on what a client address may make the provider store (src/rateLimits/); 0: no limit.
  // Optional here so that code building Settings by hand may leave them out: absent means the default.
  /** Authorization requests (each may start a sign-in) per client address in 10 minutes. */
  interactionsPerIp?: number;
  /** Passkey ceremonies started per client address in 5 minutes. */
  ceremoniesPerIp?: number;
  /** Passkey ceremonies started within one app's sign-in (an interaction). */
  ceremoniesPerInteraction?: number;
  // Branding (src/branding/branding.ts): optional here so that code building Settings by hand may leave them out.
  /** Image file shown above every page and mail; null: the name in text. */
  logo?: string | null;
  /** Image file shown instead of `logo` when the system is in dark mode. */
  logoDark?: string | null;
  /** Image file served as the pages' icon (and /favicon.ico). */
  favicon?: string | null;
  /** `#rrggbb` of buttons, links and the focus ring; null: the provider's blue. */
  accentColor?: string | null;
  /** An email address or https URL where people get help, in every page's and mail's footer. */
  supportContact?: string | null;
  privacyUrl?: string | null;
  termsUrl?: string | null;
}

/** What an absent limit setting means (README "Configuration"). */
export const LIMIT_DEFAULTS = { interactionsPerIp: 600, ceremoniesPerIp: 100, ceremoniesPerInteraction: 20 } as const;

export const LOGOUT_CONFIRMATIONS = ['when-needed', 'always'] as const;
export type LogoutConfirmation = (typeof LOGOUT_CONFIRMATIONS)[number];

/** Who may create an account (src/access/signUpPolicy.ts). */
export type SignUpPolicy = 'open' | 'invite' | 'closed';

type Kind = 'port' | 'url' | 'string' | 'boolean' | 'minutes' | 'seconds' | 'days' | 'attempts' | 'limit' | 'proxies' | 'signUp' | 'domains' | 'token' | 'image' | 'color' | 'contact';

interface Definition {
  key: keyof Settings;
  env: string;
  kind: Kind;
  doc: string;
  default: (partial: Record<string, unknown>) => unknown;
}

/**
 * Every setting, defined once. The README's table ("Configuration") is written by hand and checked
 * against these, names and fixed defaults, by test/config/settingsTable.test.ts.
 */
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
    // The server speaks plain HTTP: an https issuer implies a TLS-terminating proxy in front, which
    // appends the address it sees to X-Forwarded-For. Cookies are Secure because the issuer is https,
    // whatever X-Forwarded-Proto says; hosts in links and URLs always come from IDP_ISSUER.
    key: 'trustProxy', env: 'TRUST_PROXY', kind: 'proxies', default: (s) => (String(s.issuer).startsWith('https:') ? 1 : false),
    doc: 'Which proxies in front may name the client\'s address in X-Forwarded-For (for per-IP rate limits): `false` (none: the connection\'s address), a number of proxies (`1`, or `true`), or a comma-separated list of their addresses as CIDR ranges (`10.0.0.0/8, 127.0.0.1`). The client is the right-most address not written by a trusted proxy. Default: `1` when IDP_ISSUER is https, else `false`.',
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
  {
    key: 'signUp', env: 'SIGN_UP', kind: 'signUp', default: (s) => (new URL(String(s.issuer)).hostname === 'localhost' ? 'open' : 'invite'),
    doc: '`open` (anyone who proves an address), `invite` (only with an invitation link) or `closed` (no sign-up page; administrators invite). Default: `open` while IDP_ISSUER is on localhost, `invite` otherwise.',
  },
  {
    key: 'signUpEmailDomains', env: 'SIGN_UP_EMAIL_DOMAINS', kind: 'domains', default: () => [],
    doc: 'Comma-separated domains (`example.com,example.org`): open sign-up accepts only addresses at them. Invitations are not limited. Empty: any domain.',
  },
  {
    key: 'logoutConfirmation', env: 'LOGOUT_CONFIRMATION', kind: 'string', default: () => 'when-needed',
    doc: '`when-needed`: an app that signs the person out with a valid id_token_hint does so without a confirmation page; `always`: the page is always shown.',
  },
  {
    key: 'auditRetentionDays', env: 'AUDIT_RETENTION_DAYS', kind: 'days', default: () => 90,
    doc: 'How many days the audit trail keeps an event (1–3650); older events are removed every minute.',
  },
  {
    key: 'newDeviceAlerts', env: 'NEW_DEVICE_ALERTS', kind: 'boolean', default: () => false,
    doc: 'Mail the account\'s address when it signs in from a browser and IP address that none of its sign-ins kept in the audit trail used.',
  },
  {
    key: 'metricsToken', env: 'METRICS_TOKEN', kind: 'token', default: () => null,
    doc: 'Serve Prometheus metrics at /metrics to requests with `Authorization: Bearer <token>` (at least 16 characters). Unset: no /metrics.',
  },
  {
    key: 'mailMaxAttempts', env: 'MAIL_MAX_ATTEMPTS', kind: 'attempts', default: () => 8,
    doc: 'Attempts at delivering a mail (1–30) before it is marked failed and waits for `idp mail retry`. A permanent refusal (SMTP 5xx) fails it at once.',
  },
  {
    key: 'mailRetrySeconds', env: 'MAIL_RETRY_SECONDS', kind: 'seconds', default: () => 30,
    doc: 'Pause before the second attempt at a mail (1–3600); each further pause is twice the one before, at most an hour.',
  },
  {
    key: 'mailKeepDays', env: 'MAIL_KEEP_DAYS', kind: 'days', default: () => 14,
    doc: 'How many days sent and failed mails stay in the outbox (1–3650), for `idp mail list`; a sent mail keeps only its recipient, subject and times.',
  },
  {
    key: 'interactionsPerIp', env: 'INTERACTIONS_PER_IP', kind: 'limit', default: () => LIMIT_DEFAULTS.interactionsPerIp,
    doc: 'Authorization requests (each may start a sign-in) one client address may make in 10 minutes; past it, a 429 page with Retry-After and nothing stored. 0: no limit.',
  },
  {
    key: 'ceremoniesPerIp', env: 'CEREMONIES_PER_IP', kind: 'limit', default: () => LIMIT_DEFAULTS.ceremoniesPerIp,
    doc: 'Passkey ceremonies (sign-in, sign-up, account page, recovery and invitation options) one client address may start in 5 minutes. 0: no limit.',
  },
  {
    key: 'ceremoniesPerInteraction', env: 'CEREMONIES_PER_INTERACTION', kind: 'limit', default: () => LIMIT_DEFAULTS.ceremoniesPerInteraction,
    doc: 'Passkey ceremonies one app sign-in (interaction) may start in its hour of life. 0: no limit.',
  },
  {
    key: 'logo', env: 'LOGO', kind: 'image', default: () => null,
    doc: 'Image file (SVG, PNG, JPEG or WebP, at most 512 KiB) shown above every page and mail, with IDP_NAME as its text. Unset: IDP_NAME in text.',
  },
  { key: 'logoDark', env: 'LOGO_DARK', kind: 'image', default: () => null, doc: 'Image file shown instead of LOGO in dark mode.' },
  { key: 'favicon', env: 'FAVICON', kind: 'image', default: () => null, doc: 'Image file (ICO, PNG or SVG) served as the pages\' icon and at /favicon.ico.' },
  {
    key: 'accentColor', env: 'ACCENT_COLOR', kind: 'color', default: () => null,
    doc: '`#rrggbb` of buttons, links and focus rings, at least 4.5:1 against white; dark mode uses a lighter shade of it. Unset: blue.',
  },
  {
    key: 'supportContact', env: 'SUPPORT_CONTACT', kind: 'contact', default: () => null,
    doc: 'An email address or https URL where people get help, in the footer of every page and mail.',
  },
  { key: 'privacyUrl', env: 'PRIVACY_URL', kind: 'url', default: () => null, doc: 'Link to the privacy notice, in the footer of every page and mail.' },
  { key: 'termsUrl', env: 'TERMS_URL', kind: 'url', default: () => null, doc: 'Link to the terms of use, in the footer of every page and mail.' },
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
    case 'seconds': {
      const seconds = Number(text);
      if (!Number.isInteger(seconds) || seconds < 1 || seconds > 3600) throw new SettingsError(def.env, `"${text}" must be a whole number of seconds from 1 to 3600`);
      return seconds;
    }
    case 'attempts': {
      const attempts = Number(text);
      if (!Number.isInteger(attempts) || attempts < 1 || attempts > 30) throw new SettingsError(def.env, `"${text}" must be a whole number of attempts from 1 to 30`);
      return attempts;
    }
    case 'limit': {
      const limit = Number(text);
      if (!Number.isInteger(limit) || limit < 0 || limit > 100_000_000) throw new SettingsError(def.env, `"${text}" must be a whole number from 0 (no limit) to 100000000`);
      return limit;
    }
    case 'days': {
      const days = Number(text);
      if (!Number.isInteger(days) || days < 1 || days > 3650) throw new SettingsError(def.env, `"${text}" must be a whole number of days from 1 to 3650`);
      return days;
    }
    case 'token':
      // Never echo the value: it is a secret.
      if (text.length < 16 || /\s/.test(text)) throw new SettingsError(def.env, 'must be at least 16 characters, without spaces');
      return text;
    case 'proxies':
      return parseProxyTrust(def.env, text);
    case 'image':
      return parseImageFile(def.env, text);
    case 'color':
      return parseAccentColor(def.env, text);
    case 'contact':
      if (/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(text)) return text;
      if (/^https:\/\/[^\s]+$/.test(text)) return parse({ ...def, kind: 'url' }, text);
      throw new SettingsError(def.env, `"${text}" must be an email address or an https:// URL`);
    case 'signUp':
      if (text === 'open' || text === 'invite' || text === 'closed') return text;
      throw new SettingsError(def.env, `"${text}" must be open, invite or closed`);
    case 'domains': {
      const domains = text.split(',').map((domain) => domain.trim().toLowerCase().replace(/^@/, '')).filter(Boolean);
      const bad = domains.find((domain) => !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(domain));
      if (bad) throw new SettingsError(def.env, `"${bad}" is not a domain name`);
      return domains;
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

/** An image people see: it must exist and be of a kind browsers and mail clients show. */
function parseImageFile(env: string, text: string): string {
  const path = resolve(text);
  if (!existsSync(path)) throw new SettingsError(env, `file ${path} does not exist`);
  if (!/\.(svg|png|jpe?g|webp|ico)$/i.test(path)) throw new SettingsError(env, `${path} must be an .svg, .png, .jpg, .webp or .ico file`);
  if (statSync(path).size > 512 * 1024) throw new SettingsError(env, `${path} is larger than 512 KiB`);
  return path;
}

/** WCAG 2.2 relative luminance and contrast ratio, for an accent that links and buttons can use. */
export function contrastRatio(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (high! + 0.05) / (low! + 0.05);
}

function parseAccentColor(env: string, text: string): string {
  const color = text.toLowerCase();
  if (!/^#[0-9a-f]{6}$/.test(color)) throw new SettingsError(env, `"${text}" must be a colour written #rrggbb`);
  const ratio = contrastRatio(color, '#ffffff');
  if (ratio < 4.5) throw new SettingsError(env, `${color} is too light for links and buttons on white (${ratio.toFixed(1)}:1; at least 4.5:1 is needed): choose a darker shade`);
  return color;
}

function parseProxyTrust(env: string, text: string): ProxyTrust {
  const lower = text.toLowerCase();
  if (['false', 'no', '0', ''].includes(lower)) return false;
  if (['true', 'yes'].includes(lower)) return 1;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 10) throw new SettingsError(env, `"${text}" proxies in front is not believable (at most 10)`);
    return hops;
  }
  const ranges = text.split(',').map((range) => range.trim()).filter(Boolean);
  for (const range of ranges) {
    if (!isAddressRange(range)) throw new SettingsError(env, `"${range}" is not true/false, a number of proxies, or an IP address or CIDR range`);
  }
  return ranges;
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
  if (!LOGOUT_CONFIRMATIONS.includes(settings.logoutConfirmation)) {
    throw new SettingsError('LOGOUT_CONFIRMATION', `"${settings.logoutConfirmation}" must be ${LOGOUT_CONFIRMATIONS.join(' or ')}`);
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
