/**
 * What every `idp` command is given and what it is: commands take their dependencies as arguments
 * (the store, output writers, a random source), so tests run them in-process against a real store.
 */
import type { Mailer } from '../email/mailer.js';
import type { NotifyAppsOfLogout } from '../sessions/endSessions.js';
import type { Store } from '../store/ports.js';

/** What commands that send mail need: the mailer and the settings that shape the mails. */
export interface CliMail {
  mailer: Mailer;
  issuer: string;
  recoveryLinkMinutes: number;
}

export interface CliDeps {
  /**
   * Opens the store. Called only by commands that need it, after their arguments are checked, so that
   * `--help` and usage errors work (and write nothing) without a database. The caller closes it.
   */
  openStore: () => Promise<Store>;
  /** Creates the mailer: it queues mails in the store's outbox, and sends them over SMTP_URL when set. Closed by the caller. */
  openMail: () => Promise<CliMail>;
  /**
   * Opens what tells apps that a session ended (back-channel logout), for commands that end sessions:
   * the server's provider, with its signing keys from the store. Without it (tests of other things),
   * no app is told.
   */
  openAppNotices?: () => Promise<NotifyAppsOfLogout>;
  /** Standard output: results only, so that `--json` output can be piped. */
  out: (text: string) => void;
  /** Standard error: usage, problems and hints. */
  err: (text: string) => void;
  /** Cryptographically strong random bytes (client ids and secrets). */
  randomBytes?: (size: number) => Uint8Array;
  now?: () => Date;
}

export type CliContext = Required<CliDeps>;

/** Exit statuses: 0 done, 1 failed (unknown client, store or configuration problem), 2 wrong usage. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export interface Command {
  /** One line: what the command does. */
  summary: string;
  /** The full usage text printed by `--help`. */
  usage: string;
  run(args: string[], context: CliContext): Promise<number>;
}

/** Prints a command's usage (for `--help`). */
export function printUsage(command: Command, out: (text: string) => void): number {
  out(`${command.usage}\n`);
  return EXIT_OK;
}

/** A group of commands under one noun: `idp clients add`, `idp users list`. */
export interface CommandGroup {
  summary: string;
  commands: Record<string, Command>;
}
