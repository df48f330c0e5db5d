/**
 * The storage contract for the mail outbox (src/email/mailWorker.ts). Part of the one contract suite
 * (contract.ts), so every engine runs it.
 */
import { DuplicateError, type NewQueuedMail, type Store } from '../../src/store/ports.js';

const START = Date.UTC(2030, 0, 1, 12);
const at = (seconds: number) => new Date(START + seconds * 1000);

export function describeOutboxContract(current: () => Store): void {
  let sequence = 0;
  const mail = (overrides: Partial<NewQueuedMail> = {}): NewQueuedMail => {
    sequence += 1;
    return {
      id: `mail-${sequence}`, to: 'ada@example.com', template: 'signup-code', subject: 'Your code',
      text: 'Your code is 123456', html: '<p>Your code is 123456</p>', dueAt: at(0), createdAt: at(sequence), ...overrides,
    };
  };

  describe('mail outbox', () => {
    it('keeps every field of a queued mail, and refuses a second mail with the same id', async () => {
      const store = current();
      const queued = mail();
      await store.outbox.enqueue(queued);

      expect(await store.outbox.find(queued.id)).toEqual({
        ...queued, state: 'queued', round: 0, attempts: 0, lastAttemptAt: null, lastError: null,
      });
      await expect(store.outbox.enqueue({ ...queued, to: 'eve@example.com' })).rejects.toBeInstanceOf(DuplicateError);
      expect(await store.outbox.find('mail-none')).toBeNull();
    });

    it('lists the queued mails that are due, the longest due first, and no others', async () => {
      const store = current();
      const later = mail({ dueAt: at(30) });
      const first = mail({ dueAt: at(-10) });
      const second = mail({ dueAt: at(0) });
      const sent = mail({ dueAt: at(-20) });
      for (const queued of [later, first, second, sent]) await store.outbox.enqueue(queued);
      await store.outbox.recordAttempt({ mailId: sent.id, round: 0, attempt: 1, state: 'sent', dueAt: at(0), at: at(0), error: null });

      expect((await store.outbox.listDue(at(0), 10)).map((m) => m.id)).toEqual([first.id, second.id]);
      expect((await store.outbox.listDue(at(0), 1)).map((m) => m.id)).toEqual([first.id]);
      expect((await store.outbox.listDue(at(30), 10)).map((m) => m.id)).toEqual([first.id, second.id, later.id]);
    });

    it('lists mails newest first, by state, and counts them by state', async () => {
      const store = current();
      const [a, b, c] = [mail(), mail(), mail()];
      for (const queued of [a, b, c]) await store.outbox.enqueue(queued);
      await store.outbox.recordAttempt({ mailId: b.id, round: 0, attempt: 3, state: 'failed', dueAt: at(5), at: at(5), error: '451 later' });

      expect((await store.outbox.list({ limit: 10 })).map((m) => m.id)).toEqual([c.id, b.id, a.id]);
      expect((await store.outbox.list({ limit: 2 })).map((m) => m.id)).toEqual([c.id, b.id]);
      expect((await store.outbox.list({ state: 'failed', limit: 10 })).map((m) => m.id)).toEqual([b.id]);
      expect(await store.outbox.countByState()).toEqual({ queued: 2, sent: 0, failed: 1 });
    });

    it('gives an attempt to exactly one of 50 concurrent claimers, and never again once it expired', async () => {
      const store = current();
      const queued = mail();
      await store.outbox.enqueue(queued);
      const attempt = { mailId: queued.id, round: 0, attempt: 1 };

      const won = await Promise.all(Array.from({ length: 50 }, () => store.outbox.claim(attempt, at(60))));
      expect(won.filter(Boolean)).toHaveLength(1);
      expect(await store.outbox.findClaim(attempt)).toEqual(at(60));
      expect(await store.outbox.claim(attempt, at(600))).toBe(false);
      expect(await store.outbox.findClaim({ ...attempt, attempt: 2 })).toBeNull();

      const next = await Promise.all(Array.from({ length: 50 }, () => store.outbox.claim({ ...attempt, attempt: 2 }, at(60))));
      expect(next.filter(Boolean)).toHaveLength(1);
    });

    it('records an attempt: a sent mail loses its text and HTML, a queued one waits until its next attempt', async () => {
      const store = current();
      const [retried, sent] = [mail(), mail()];
      await store.outbox.enqueue(retried);
      await store.outbox.enqueue(sent);
      await store.outbox.recordAttempt({ mailId: retried.id, round: 0, attempt: 1, state: 'queued', dueAt: at(30), at: at(1), error: 'ECONNREFUSED' });
      await store.outbox.recordAttempt({ mailId: sent.id, round: 0, attempt: 1, state: 'sent', dueAt: at(1), at: at(1), error: null });

      expect(await store.outbox.find(retried.id)).toMatchObject({ state: 'queued', attempts: 1, dueAt: at(30), lastAttemptAt: at(1), lastError: 'ECONNREFUSED', text: retried.text });
      expect(await store.outbox.listDue(at(29), 10)).toEqual([]);
      expect(await store.outbox.find(sent.id)).toMatchObject({ state: 'sent', attempts: 1, subject: 'Your code', text: '', html: '', to: 'ada@example.com' });
    });

    it('sends a failed mail again in a new round, where the claims of the old round do not count', async () => {
      const store = current();
      const queued = mail();
      await store.outbox.enqueue(queued);
      expect(await store.outbox.requeue(queued.id, at(10))).toBe(false);
      expect(await store.outbox.claim({ mailId: queued.id, round: 0, attempt: 1 }, at(60))).toBe(true);
      await store.outbox.recordAttempt({ mailId: queued.id, round: 0, attempt: 1, state: 'failed', dueAt: at(1), at: at(1), error: '550 no' });

      expect(await store.outbox.requeue(queued.id, at(10))).toBe(true);
      expect(await store.outbox.find(queued.id)).toMatchObject({ state: 'queued', round: 1, attempts: 0, dueAt: at(10), text: queued.text });
      expect(await store.outbox.claim({ mailId: queued.id, round: 1, attempt: 1 }, at(60))).toBe(true);
      // An attempt of the old round, ending late, does not overwrite the new round.
      await store.outbox.recordAttempt({ mailId: queued.id, round: 0, attempt: 2, state: 'failed', dueAt: at(20), at: at(20), error: 'late' });
      expect(await store.outbox.find(queued.id)).toMatchObject({ state: 'queued', round: 1, attempts: 0 });
    });

    it('removes sent and failed mails whose last attempt is older than the limit, with their claims, and keeps queued ones', async () => {
      const store = current();
      const [old, recent, failed, waiting] = [mail(), mail(), mail(), mail()];
      for (const queued of [old, recent, failed, waiting]) await store.outbox.enqueue(queued);
      await store.outbox.claim({ mailId: old.id, round: 0, attempt: 1 }, at(60));
      await store.outbox.recordAttempt({ mailId: old.id, round: 0, attempt: 1, state: 'sent', dueAt: at(1), at: at(1), error: null });
      await store.outbox.recordAttempt({ mailId: recent.id, round: 0, attempt: 1, state: 'sent', dueAt: at(100), at: at(100), error: null });
      await store.outbox.recordAttempt({ mailId: failed.id, round: 0, attempt: 8, state: 'failed', dueAt: at(2), at: at(2), error: '550' });
      await store.outbox.recordAttempt({ mailId: waiting.id, round: 0, attempt: 1, state: 'queued', dueAt: at(2), at: at(2), error: '451' });

      expect(await store.outbox.removeBefore(at(50))).toBe(2);
      expect((await store.outbox.list({ limit: 10 })).map((m) => m.id).sort()).toEqual([recent.id, waiting.id].sort());
      expect(await store.outbox.findClaim({ mailId: old.id, round: 0, attempt: 1 })).toBeNull();
    });
  });
}
