import type Sqlite from 'better-sqlite3';
import type { MailOutbox, MailState, QueuedMail } from '../ports.js';
import { refuseDuplicates } from './errors.js';

interface MailRow {
  id: string;
  recipient: string;
  template: string;
  subject: string;
  text: string;
  html: string;
  state: MailState;
  round: number;
  attempts: number;
  due_at: number;
  created_at: number;
  last_attempt_at: number | null;
  last_error: string | null;
}

const columns = 'id, recipient, template, subject, text, html, state, round, attempts, due_at, created_at, last_attempt_at, last_error';

function toMail(row: MailRow): QueuedMail {
  return {
    id: row.id,
    to: row.recipient,
    template: row.template,
    subject: row.subject,
    text: row.text,
    html: row.html,
    state: row.state,
    round: row.round,
    attempts: row.attempts,
    dueAt: new Date(row.due_at),
    createdAt: new Date(row.created_at),
    lastAttemptAt: row.last_attempt_at === null ? null : new Date(row.last_attempt_at),
    lastError: row.last_error,
  };
}

/** The outbox in two tables; a claim is a row whose primary key is the attempt, so the key decides who won. */
export function createOutbox(db: Sqlite.Database): MailOutbox {
  const insert = db.prepare(`INSERT INTO outbox_mails (${columns}) VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, 0, ?, ?, NULL, NULL)`);
  const find = db.prepare(`SELECT ${columns} FROM outbox_mails WHERE id = ?`);
  const due = db.prepare(`SELECT ${columns} FROM outbox_mails WHERE state = 'queued' AND due_at <= ? ORDER BY due_at, id LIMIT ?`);
  const all = db.prepare(`SELECT ${columns} FROM outbox_mails ORDER BY created_at DESC, id DESC LIMIT ?`);
  const inState = db.prepare(`SELECT ${columns} FROM outbox_mails WHERE state = ? ORDER BY created_at DESC, id DESC LIMIT ?`);
  const count = db.prepare('SELECT state, COUNT(*) AS n FROM outbox_mails GROUP BY state');
  const claim = db.prepare('INSERT OR IGNORE INTO outbox_claims (mail_id, round, attempt, expires_at) VALUES (?, ?, ?, ?)');
  const findClaim = db.prepare('SELECT expires_at FROM outbox_claims WHERE mail_id = ? AND round = ? AND attempt = ?').pluck();
  // A sent mail keeps its envelope only: the text and HTML hold codes and links.
  const record = db.prepare(`
    UPDATE outbox_mails SET state = ?, attempts = ?, due_at = ?, last_attempt_at = ?, last_error = ?,
      text = CASE WHEN ? = 'sent' THEN '' ELSE text END, html = CASE WHEN ? = 'sent' THEN '' ELSE html END
    WHERE id = ? AND round = ?`);
  const requeue = db.prepare(`UPDATE outbox_mails SET state = 'queued', round = round + 1, attempts = 0, due_at = ? WHERE id = ? AND state = 'failed'`);
  const removeClaims = db.prepare(`DELETE FROM outbox_claims WHERE mail_id IN (SELECT id FROM outbox_mails WHERE state != 'queued' AND last_attempt_at < ?)`);
  const removeMails = db.prepare(`DELETE FROM outbox_mails WHERE state != 'queued' AND last_attempt_at < ?`);
  const remove = db.transaction((before: number) => {
    removeClaims.run(before);
    return removeMails.run(before).changes;
  });

  return {
    async enqueue(mail) {
      refuseDuplicates(() => insert.run(
        mail.id, mail.to, mail.template, mail.subject, mail.text, mail.html, mail.dueAt.getTime(), mail.createdAt.getTime(),
      ), { 'outbox_mails.id': 'mail' });
    },
    async find(id) {
      const row = find.get(id) as MailRow | undefined;
      return row ? toMail(row) : null;
    },
    async listDue(now, limit) {
      return (due.all(now.getTime(), limit) as MailRow[]).map(toMail);
    },
    async list({ state, limit }) {
      const rows = (state ? inState.all(state, limit) : all.all(limit)) as MailRow[];
      return rows.map(toMail);
    },
    async countByState() {
      const counts: Record<MailState, number> = { queued: 0, sent: 0, failed: 0 };
      for (const { state, n } of count.all() as Array<{ state: MailState; n: number }>) counts[state] = n;
      return counts;
    },
    async claim({ mailId, round, attempt }, expiresAt) {
      return claim.run(mailId, round, attempt, expiresAt.getTime()).changes === 1;
    },
    async findClaim({ mailId, round, attempt }) {
      const expiresAt = findClaim.get(mailId, round, attempt) as number | undefined;
      return expiresAt === undefined ? null : new Date(expiresAt);
    },
    async recordAttempt(outcome) {
      record.run(
        outcome.state, outcome.attempt, outcome.dueAt.getTime(), outcome.at.getTime(), outcome.error,
        outcome.state, outcome.state, outcome.mailId, outcome.round,
      );
    },
    async requeue(id, dueAt) {
      return requeue.run(dueAt.getTime(), id).changes === 1;
    },
    async removeBefore(before) {
      return remove(before.getTime());
    },
  };
}
