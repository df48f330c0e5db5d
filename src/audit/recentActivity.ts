/**
 * The account page's "Recent activity": the person's own latest events from the audit trail, in
 * plain words, with when, which browser and which IP address. A failure to read it leaves the list
 * empty (and is logged): the rest of the account page does not depend on it.
 */
import { t } from '../i18n/t.js';
import type { Logger } from '../log.js';
import type { AuditEvent, Store } from '../store/ports.js';
import { isAuditType } from './events.js';

export const RECENT_ACTIVITY_LIMIT = 20;

export interface ActivityView {
  what: string;
  at: Date;
  browser: string | null;
  ip: string | null;
  /** The app it was for, by client id, when there is one. */
  app: string | null;
}

function describe(event: AuditEvent): string {
  const what = isAuditType(event.type) ? t(`activity.${event.type}`) : event.type;
  const { name, command } = event.detail;
  if (event.type === 'passkey_renamed' && typeof name === 'string') return t('activity.passkey_renamed_to', { name });
  if (event.type === 'admin_action' && typeof command === 'string') return `${what} (${command})`;
  return what;
}

export async function listRecentActivity(deps: { store: Pick<Store, 'audit'>; log: Logger }, personId: string): Promise<ActivityView[]> {
  try {
    const events = await deps.store.audit.list({ personId, limit: RECENT_ACTIVITY_LIMIT });
    return events.map((event) => ({ what: describe(event), at: event.at, browser: event.browser, ip: event.ip, app: event.clientId }));
  } catch (error) {
    deps.log.warn('audit.activity_unavailable', { personId, detail: (error as Error).message });
    return [];
  }
}
