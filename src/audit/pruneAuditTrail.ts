/** Removes audit events older than AUDIT_RETENTION_DAYS; run with the store's periodic sweep. */
import type { Store } from '../store/ports.js';

const DAY_MS = 24 * 60 * 60_000;

export async function pruneAuditTrail(store: Pick<Store, 'audit'>, retentionDays: number, now: number): Promise<number> {
  return store.audit.removeBefore(new Date(now - retentionDays * DAY_MS));
}
