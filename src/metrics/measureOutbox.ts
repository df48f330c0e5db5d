/**
 * `idp_mail_outbox_mails{state}`: how many mails the outbox holds, queued, sent (kept for
 * MAIL_KEEP_DAYS) and failed, counted by the store at each scrape. The outbox is shared by every
 * instance, so each reports the same numbers: alert on failed > 0, or on queued staying high.
 * A store that does not answer leaves the last numbers (its errors are counted elsewhere).
 */
import { Gauge } from 'prom-client';

import type { MailOutbox } from '../store/ports.js';
import type { Metrics } from './metrics.js';

export function measureOutbox(metrics: Metrics, outbox: Pick<MailOutbox, 'countByState'>): void {
  new Gauge({
    name: 'idp_mail_outbox_mails',
    help: 'Mails in the outbox, by state (queued, sent, failed), shared by every instance.',
    labelNames: ['state'],
    registers: [metrics.registry],
    async collect() {
      const counts = await outbox.countByState().catch(() => null);
      if (counts) for (const [state, count] of Object.entries(counts)) this.set({ state }, count);
    },
  });
}
