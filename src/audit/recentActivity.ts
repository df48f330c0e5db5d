/**
 * The account page's "Recent activity": the person's own latest events from the audit trail, in
 * plain words, with when, which browser and which IP address, and the app by the name people know it
 * by (its client id only once the app is gone). A failure to read it leaves the list empty (and is
 * logged): the rest of the account page does not depend on it.
 */
import { t } from '../i18n/t.js';
import type { Logger } from '../log.js';
import type { AuditEvent, OidcRecords, Store } from '../store/ports.js';
import { isAuditType } from './events.js';

export const RECENT_ACTIVITY_LIMIT = 20;

export interface ActivityView {
  what: string;
  at: Date;
  browser: string | null;
  ip: string | null;
  /** The app it was for, by name (by client id when it has none, or no longer exists), when there is one. */
  app: string | null;
}

function describe(event: AuditEvent): string {
  const what = isAuditType(event.type) ? t(`activity.${event.type}`) : event.type;
  const { name, command } = event.detail;
  if (event.type === 'passkey_renamed' && typeof name === 'string') return t('activity.passkey_renamed_to', { name });
  if (event.type === 'admin_action' && typeof command === 'string') return `${what} (${command})`;
  return what;
}

/** The name of each app the events name, looked up once per app. */
async function appNames(records: OidcRecords, events: AuditEvent[]): Promise<Map<string, string>> {
  const clientIds = [...new Set(events.map((event) => event.clientId).filter((id): id is string => id !== null))];
  const names = new Map<string, string>();
  for (const clientId of clientIds) {
    const client = await records.find('Client', clientId);
    names.set(clientId, typeof client?.client_name === 'string' && client.client_name ? client.client_name : clientId);
  }
  return names;
}

export async function listRecentActivity(deps: { store: Pick<Store, 'audit' | 'oidc'>; log: Logger }, personId: string): Promise<ActivityView[]> {
  try {
    const events = await deps.store.audit.list({ personId, limit: RECENT_ACTIVITY_LIMIT });
    const names = await appNames(deps.store.oidc, events);
    return events.map((event) => ({
      what: describe(event), at: event.at, browser: event.browser, ip: event.ip, app: event.clientId && (names.get(event.clientId) ?? event.clientId),
    }));
  } catch (error) {
    deps.log.warn('audit.activity_unavailable', { personId, detail: (error as Error).message });
    return [];
  }
}
