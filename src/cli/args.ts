/**
 * Argument parsing for the `idp` command: node:util parseArgs in strict mode, with every complaint it
 * has turned into a `UsageError`, so that a typo such as `--redirect-url` stops the command (exit 2)
 * before anything is written instead of being ignored.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** The command line was wrong: the message is shown on stderr and the command exits with status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/**
 * Parses `args` against `options` (every command also accepts `--help`/`-h`).
 * `positionals` names the positional arguments the command expects, all required.
 */
export function parseCommandArgs(args: string[], options: OptionSpec, positionals: string[] = []): ParsedArgs {
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: positionals.length > 0,
    }) as ParsedArgs;
  } catch (error) {
    // parseArgs reports unknown options, missing values and stray arguments with a readable message.
    throw new UsageError((error as Error).message);
  }
  if (parsed.values.help) return parsed;
  if (parsed.positionals.length < positionals.length) {
    throw new UsageError(`missing ${positionals.slice(parsed.positionals.length).map((p) => p.toUpperCase()).join(' ')}`);
  }
  if (parsed.positionals.length > positionals.length) {
    throw new UsageError(`unexpected argument '${parsed.positionals[positionals.length]}'`);
  }
  return parsed;
}

/** The values of a repeatable string option (declared with `multiple: true`), in order, without repeats. */
export function listOption(parsed: ParsedArgs, name: string): string[] {
  const value = parsed.values[name];
  return Array.isArray(value) ? [...new Set(value)] : [];
}

export function stringOption(parsed: ParsedArgs, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function flag(parsed: ParsedArgs, name: string): boolean {
  return parsed.values[name] === true;
}
