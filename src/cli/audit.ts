/**
 * `idp audit [--email EMAIL] [--type TYPE ...] [--since WHEN] [--limit N] [--json]`: the audit
 * trail, newest first. Reads only; it is itself not recorded.
 */
import { AUDIT_TYPES, isAuditType } from '../audit/events.js';
import { flag, listOption, parseCommandArgs, stringOption, UsageError } from './args.js';
import { EXIT_OK, printUsage, type Command } from './command.js';

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** `7d`, `12h`, `30m`, `2w` ago, or an ISO 8601 date or time. */
function parseSince(text: string, now: Date): Date {
  const relative = /^(\d{1,5})([mhdw])$/.exec(text.trim());
  if (relative) return new Date(now.getTime() - Number(relative[1]) * UNITS[relative[2]!]!);
  const at = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text.trim()) ? new Date(text.trim()) : new Date(NaN);
  if (Number.isNaN(at.getTime())) throw new UsageError(`--since must be a duration such as 7d, 12h, 30m, or a date such as 2026-12-01, not '${text}'`);
  return at;
}

function parseLimit(text: string | undefined): number {
  if (text === undefined) return 50;
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 10_000) throw new UsageError(`--limit must be a whole number from 1 to 10000, not '${text}'`);
  return Number(text);
}

export const auditCommand: Command = {
  summary: 'security events: sign-ins, refusals, account changes, administrative actions',
  usage: `Usage: idp audit [--email EMAIL] [--type TYPE ...] [--since WHEN] [--limit N] [--json]

Lists the audit trail, newest first (kept for AUDIT_RETENTION_DAYS).

  --email EMAIL   only events of the account with this address (also after it was deleted)
  --type TYPE     only events of this type (repeatable): ${AUDIT_TYPES.join(', ')}
  --since WHEN    only events since a time: 7d, 12h, 30m, 2w ago, or a date such as 2026-12-01
  --limit N       at most N events (default 50, at most 10000)
  --json          print one JSON array of events and nothing else`,
  async run(args, { openStore, out, now }) {
    const parsed = parseCommandArgs(args, {
      email: { type: 'string' },
      type: { type: 'string', multiple: true },
      since: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (flag(parsed, 'help')) return printUsage(this, out);
    const types = listOption(parsed, 'type');
    const unknown = types.find((type) => !isAuditType(type));
    if (unknown !== undefined) throw new UsageError(`unknown --type '${unknown}'; types are ${AUDIT_TYPES.join(', ')}`);
    const since = stringOption(parsed, 'since');
    const filter = {
      email: stringOption(parsed, 'email'),
      types: types.length > 0 ? types : undefined,
      since: since === undefined ? undefined : parseSince(since, now()),
      limit: parseLimit(stringOption(parsed, 'limit')),
    };
    const events = await (await openStore()).audit.list(filter);
    const rows = events.map((event) => ({
      id: event.id,
      at: event.at.toISOString(),
      type: event.type,
      sub: event.personId,
      email: event.email,
      client_id: event.clientId,
      ip: event.ip,
      browser: event.browser,
      actor: event.actor,
      detail: event.detail,
    }));
    if (flag(parsed, 'json')) {
      out(`${JSON.stringify(rows)}\n`);
      return EXIT_OK;
    }
    if (rows.length === 0) out('No events.\n');
    for (const row of rows) {
      const where = [row.browser, row.ip].filter(Boolean).join(', ');
      const details = Object.entries(row.detail).map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(' ');
      out(`${row.at}  ${row.type.padEnd(18)} ${JSON.stringify(row.email ?? '-')}${row.client_id ? ` app=${row.client_id}` : ''}${row.actor ? ` by=${row.actor}` : ''}${where ? `  (${where})` : ''}${details ? `  ${details}` : ''}\n`);
    }
    return EXIT_OK;
  },
};
