/**
 * `idp mail list [--failed] [--limit N] [--json]` and `idp mail retry ID|--all-failed`: the outbox
 * that every instance's worker sends from (src/email/mailWorker.ts). Listing never shows a mail's
 * text: it holds sign-up codes and recovery links. A retried mail goes back to the queue in a new
 * round of MAIL_MAX_ATTEMPTS attempts; the running servers send it within seconds.
 */
import type { QueuedMail } from '../store/ports.js';
import { flag, parseCommandArgs, stringOption, UsageError } from './args.js';
import { EXIT_FAILED, EXIT_OK, printUsage, type Command, type CommandGroup } from './command.js';
import { oneLine } from './printable.js';

function parseLimit(text: string | undefined): number {
  if (text === undefined) return 50;
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 10_000) throw new UsageError(`--limit must be a whole number from 1 to 10000, not '${text}'`);
  return Number(text);
}

function row(mail: QueuedMail) {
  return {
    id: mail.id,
    state: mail.state,
    to: mail.to,
    template: mail.template,
    subject: mail.subject,
    attempts: mail.attempts,
    round: mail.round,
    created_at: mail.createdAt.toISOString(),
    last_attempt_at: mail.lastAttemptAt?.toISOString() ?? null,
    next_attempt_at: mail.state === 'queued' ? mail.dueAt.toISOString() : null,
    last_error: mail.lastError,
  };
}

const listMail: Command = {
  summary: 'mails in the outbox, newest first: queued, sent and failed',
  usage: `Usage: idp mail list [--failed] [--limit N] [--json]

Lists the outbox, newest first: each mail's id, state (queued, sent, failed), recipient, template,
attempts and last error. Sent and failed mails stay listed for MAIL_KEEP_DAYS.

  --failed    only mails given up on (after MAIL_MAX_ATTEMPTS attempts, or refused for good)
  --limit N   at most N mails (default 50, at most 10000)
  --json      print one JSON array of mails and nothing else`,
  async run(args, { openStore, out }) {
    const parsed = parseCommandArgs(args, { failed: { type: 'boolean' }, limit: { type: 'string' }, json: { type: 'boolean' } });
    if (flag(parsed, 'help')) return printUsage(this, out);
    const limit = parseLimit(stringOption(parsed, 'limit'));
    const mails = await (await openStore()).outbox.list({ state: flag(parsed, 'failed') ? 'failed' : undefined, limit });
    const rows = mails.map(row);
    if (flag(parsed, 'json')) {
      out(`${JSON.stringify(rows)}\n`);
      return EXIT_OK;
    }
    if (rows.length === 0) out(flag(parsed, 'failed') ? 'No failed mails.\n' : 'The outbox is empty.\n');
    for (const mail of rows) {
      const when = mail.state === 'queued' ? `next ${mail.next_attempt_at}` : `${mail.state} ${mail.last_attempt_at ?? ''}`;
      const error = mail.last_error && mail.state !== 'sent' ? `  last error: ${oneLine(mail.last_error)}` : '';
      out(`${mail.id}  ${mail.state.padEnd(6)}  ${oneLine(mail.to)}  ${mail.template}  attempts=${mail.attempts}  ${when}${error}\n`);
    }
    return EXIT_OK;
  },
};

const retryMail: Command = {
  summary: 'send failed mails again',
  usage: `Usage: idp mail retry ID
       idp mail retry --all-failed

Puts a failed mail (or every failed mail) back in the queue with MAIL_MAX_ATTEMPTS new attempts.
The running servers send it within seconds. Find ids with \`idp mail list --failed\`.`,
  async run(args, { openStore, out, err, now }) {
    // Either one id or --all-failed, never both.
    const allFailed = args.includes('--all-failed');
    const parsed = parseCommandArgs(args, { 'all-failed': { type: 'boolean' } }, allFailed ? [] : ['id']);
    if (flag(parsed, 'help')) return printUsage(this, out);
    const store = await openStore();
    const ids = allFailed
      ? (await store.outbox.list({ state: 'failed', limit: 10_000 })).map((mail) => mail.id)
      : [parsed.positionals[0]!];
    let requeued = 0;
    for (const id of ids) {
      if (await store.outbox.requeue(id, now())) {
        requeued += 1;
        continue;
      }
      if (allFailed) continue; // sent again by someone else meanwhile
      const mail = await store.outbox.find(id);
      err(mail ? `Mail ${id} is ${mail.state}, not failed: only failed mails are sent again.\n` : `No mail ${oneLine(id)} in the outbox (see \`idp mail list\`).\n`);
      return EXIT_FAILED;
    }
    out(allFailed
      ? `Queued ${requeued} failed mail${requeued === 1 ? '' : 's'} again; the running servers send ${requeued === 1 ? 'it' : 'them'} within seconds.\n`
      : `Queued mail ${ids[0]} again; the running servers send it within seconds.\n`);
    return EXIT_OK;
  },
};

export const mailCommands: CommandGroup = {
  summary: 'the outbox: mails queued, sent and failed',
  commands: { list: listMail, retry: retryMail },
};
