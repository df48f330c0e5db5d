/**
 * Structured logging: one JSON object per line on stderr. Events are named in the domain
 * (`passkey.counter_regression`, `mail.failed`), so that operators can alert on them.
 *
 * No secret reaches a line, whoever wrote the fields: every string is passed through `redactSecrets`,
 * which blanks the secret segment of paths that carry one (a recovery link's token, an invitation's),
 * secret query parameters (codes, tokens), and passwords in URLs (SMTP_URL, DATABASE_URL in an error).
 * Logs are read by more people, and kept longer, than the secrets they would otherwise hold.
 */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

type Level = 'info' | 'warn' | 'error';

export const REDACTED = '[redacted]';

/** Paths whose segment after this prefix is a bearer secret: `/recover/<token>`, `/invite/<token>`. */
const secretPathPrefixes = ['recover', 'invite', 'invitation', 'invitations'];
/** Query parameters that carry a secret. */
const secretParameters = ['token', 'code', 'code_verifier', 'access_token', 'refresh_token', 'id_token_hint', 'client_secret', 'user_code', 'logout_token'];

const secrets: Array<[RegExp, string]> = [
  [new RegExp(`(/(?:${secretPathPrefixes.join('|')})/)[^/?#\\s"'<>]+`, 'gi'), `$1${REDACTED}`],
  [new RegExp(`([?&](?:${secretParameters.join('|')})=)[^&#\\s"'<>]+`, 'gi'), `$1${REDACTED}`],
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)[^@\s/]+@/gi, `$1${REDACTED}@`],
];

export function redactSecrets(text: string): string {
  return secrets.reduce((redacted, [pattern, replacement]) => redacted.replace(pattern, replacement), text);
}

function redactFields(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((item) => redactFields(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactFields(item, depth + 1)]));
}

export function createLogger(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Logger {
  const emit = (level: Level) => (event: string, fields: Record<string, unknown> = {}) => {
    write(JSON.stringify({ time: new Date().toISOString(), level, event, ...(redactFields(fields) as Record<string, unknown>) }));
  };
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** A logger that keeps what it is told, for tests that assert something was recorded. */
export function createMemoryLogger(): Logger & { lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  return { lines, ...createLogger((line) => lines.push(JSON.parse(line) as Record<string, unknown>)) };
}

/** Silent logger for tools whose output must stay clean (the CLI's --json). */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
