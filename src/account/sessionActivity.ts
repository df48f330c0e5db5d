/**
 * Where the person is signed in. oidc-provider's Session records say who signed in and when, but
 * not in which browser, nor when the session was last used, and they keep only their own fields.
 * So the provider keeps a small activity record per session (by its uid), written when the session
 * signs in to an app or acts on the account page. It lives among the provider's records, which every
 * store engine keeps generically by model name, account and expiry (`OidcRecords`), and it expires
 * with the session.
 */
import type { OidcPayload, OidcRecords } from '../store/ports.js';

export const ACTIVITY_MODEL = 'AccountSessionActivity';

export interface SessionView {
  uid: string;
  browser: string | null;
  signedInAt: Date | null;
  lastActiveAt: Date | null;
  current: boolean;
  /** How many apps this session signed in to. */
  apps: number;
}

export async function recordSessionActivity(
  records: OidcRecords,
  input: { sessionUid: string; accountId: string; browser: string | null; at: number; ttlSeconds: number },
): Promise<void> {
  await records.upsert(ACTIVITY_MODEL, input.sessionUid, {
    accountId: input.accountId,
    browser: input.browser,
    lastActiveAt: input.at,
  }, input.ttlSeconds);
}

export interface SessionRecord { id: string; payload: OidcPayload }

export async function listSessionRecords(records: OidcRecords, accountId: string): Promise<SessionRecord[]> {
  return (await records.list('Session', { accountId })).filter((record) => typeof record.payload.uid === 'string');
}

export async function listSessions(records: OidcRecords, accountId: string, currentUid: string | null): Promise<SessionView[]> {
  const [sessions, activity] = await Promise.all([listSessionRecords(records, accountId), records.list(ACTIVITY_MODEL, { accountId })]);
  const activityByUid = new Map(activity.map((record) => [record.id, record.payload]));
  const views = sessions.map(({ payload }): SessionView => {
    const uid = payload.uid as string;
    const seen = activityByUid.get(uid);
    const signedInAt = typeof payload.loginTs === 'number' ? new Date(payload.loginTs * 1000) : null;
    return {
      uid,
      browser: typeof seen?.browser === 'string' ? seen.browser : null,
      signedInAt,
      lastActiveAt: typeof seen?.lastActiveAt === 'number' ? new Date(seen.lastActiveAt) : signedInAt,
      current: uid === currentUid,
      apps: Object.keys((payload.authorizations as Record<string, unknown> | undefined) ?? {}).length,
    };
  });
  // This browser first, then the most recently active.
  return views.sort((a, b) => Number(b.current) - Number(a.current) || (b.lastActiveAt?.getTime() ?? 0) - (a.lastActiveAt?.getTime() ?? 0));
}
