/**
 * Structured logging: one JSON object per line on stderr. Events are named in the domain
 * (`passkey.counter_regression`, `mail.failed`), so that operators can alert on them.
 */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

type Level = 'info' | 'warn' | 'error';

export function createLogger(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Logger {
  const emit = (level: Level) => (event: string, fields: Record<string, unknown> = {}) => {
    write(JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }));
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
