import type { Db, Filter } from 'mongodb';
import type { MailAttempt, MailOutbox, MailState, QueuedMail } from '../ports.js';
import { isDuplicateKey, refuseDuplicates } from './errors.js';
import { collections } from './schema.js';

interface MailDocument {
  _id: string;
  to: string;
  template: string;
  subject: string;
  text: string;
  html: string;
  state: MailState;
  round: number;
  attempts: number;
  dueAt: Date;
  createdAt: Date;
  lastAttemptAt: Date | null;
  lastError: string | null;
}

interface ClaimDocument {
  /** `<mail id>:<round>:<attempt>`: the unique `_id` is what decides who makes the attempt. */
  _id: string;
  mailId: string;
  expiresAt: Date;
}

function toMail({ _id, ...rest }: MailDocument): QueuedMail {
  return { id: _id, ...rest };
}

const claimId = ({ mailId, round, attempt }: MailAttempt) => `${mailId}:${round}:${attempt}`;

/**
 * The outbox in two collections. Who makes an attempt is decided by inserting its claim, whose
 * `_id` names the attempt: FerretDB makes only such inserts (and delete counts) atomic, not
 * filtered updates. Every update here is written by the one holder of a claim, or by an operator.
 */
export function createOutbox(db: Db): MailOutbox {
  const mails = db.collection<MailDocument>(collections.outboxMails);
  const claims = db.collection<ClaimDocument>(collections.outboxClaims);

  return {
    async enqueue(mail) {
      const document: MailDocument = {
        _id: mail.id, to: mail.to, template: mail.template, subject: mail.subject, text: mail.text, html: mail.html,
        state: 'queued', round: 0, attempts: 0, dueAt: mail.dueAt, createdAt: mail.createdAt, lastAttemptAt: null, lastError: null,
      };
      await refuseDuplicates(() => mails.insertOne(document), { _id: 'mail' }, 'mail');
    },
    async find(id) {
      const found = await mails.findOne({ _id: id });
      return found ? toMail(found) : null;
    },
    async listDue(now, limit) {
      return (await mails.find({ state: 'queued', dueAt: { $lte: now } }).sort({ dueAt: 1, _id: 1 }).limit(limit).toArray()).map(toMail);
    },
    async list({ state, limit }) {
      const query: Filter<MailDocument> = state ? { state } : {};
      return (await mails.find(query).sort({ createdAt: -1, _id: -1 }).limit(limit).toArray()).map(toMail);
    },
    async countByState() {
      const counts: Record<MailState, number> = { queued: 0, sent: 0, failed: 0 };
      for (const state of ['queued', 'sent', 'failed'] as const) counts[state] = await mails.countDocuments({ state });
      return counts;
    },
    async claim(attempt, expiresAt) {
      try {
        await claims.insertOne({ _id: claimId(attempt), mailId: attempt.mailId, expiresAt });
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },
    async findClaim(attempt) {
      return (await claims.findOne({ _id: claimId(attempt) }))?.expiresAt ?? null;
    },
    async recordAttempt({ mailId, round, attempt, state, dueAt, at, error }) {
      // A sent mail keeps its envelope only: the text and HTML hold codes and links.
      const erased = state === 'sent' ? { text: '', html: '' } : {};
      await mails.updateOne({ _id: mailId, round }, { $set: { state, attempts: attempt, dueAt, lastAttemptAt: at, lastError: error, ...erased } });
    },
    async requeue(id, dueAt) {
      // Two operators at once may both move it on: each round is new, which is all a round must be.
      const { matchedCount } = await mails.updateOne({ _id: id, state: 'failed' }, { $set: { state: 'queued', attempts: 0, dueAt }, $inc: { round: 1 } });
      return matchedCount === 1;
    },
    async removeBefore(before) {
      const old: Filter<MailDocument> = { state: { $ne: 'queued' }, lastAttemptAt: { $lt: before } };
      const ids = (await mails.find(old, { projection: { _id: 1 } }).toArray()).map((mail) => mail._id);
      if (ids.length === 0) return 0;
      await claims.deleteMany({ mailId: { $in: ids } });
      const { deletedCount } = await mails.deleteMany({ _id: { $in: ids }, ...old });
      return deletedCount;
    },
  };
}
