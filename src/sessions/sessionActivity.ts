/**
 * Where the person is signed in. oidc-provider's Session records say who signed in and when, but
 * not in which browser, nor when the session was last used. So the provider keeps that activity on
 * each Session record beside oidc-provider's payload (`SessionActivity` in the store): saved with
 * the session when an app signs in through it (watchSessionActivity.ts, no write of its own), and
 * updated when the session acts on the account page. It goes when the session goes.
 */
import type { OidcPayload, OidcRecords, SessionActivity } from '../store/ports.js';

/** The activity a request records for the session it saves (watchSessionActivity.ts); the adapter reads it. */
const activityOfRequest = new WeakMap<object, SessionActivity>();

export function recordActivityOnSave(ctx: object, activity: SessionActivity): void {
  activityOfRequest.set(ctx, activity);
}

/** What the request `ctx` recorded for the session it is saving (src/oidc/adapter.ts), if anything. */
export function activityRecordedBy(ctx: object): SessionActivity | undefined {
  return activityOfRequest.get(ctx);
}

export interface SessionView {
  uid: string;
  browser: string | null;
  signedInAt: Date | null;
  lastActiveAt: Date | null;
  current: boolean;
  /** How many apps this session signed in to. */
  apps: number;
}

/** Records activity on the session with this id (the session cookie's value, its record's id). */
export async function recordSessionActivity(records: OidcRecords, sessionId: string, activity: SessionActivity): Promise<void> {
  await records.recordActivity(sessionId, activity);
}

export interface SessionRecord { id: string; payload: OidcPayload; activity: SessionActivity | null }

export async function listSessionRecords(records: OidcRecords, accountId: string): Promise<SessionRecord[]> {
  return (await records.list('Session', { accountId })).filter((record) => typeof record.payload.uid === 'string');
}

export async function listSessions(records: OidcRecords, accountId: string, currentUid: string | null): Promise<SessionView[]> {
  const sessions = await listSessionRecords(records, accountId);
  const views = sessions.map(({ payload, activity: seen }): SessionView => {
    const uid = payload.uid as string;
    const signedInAt = typeof payload.loginTs === 'number' ? new Date(payload.loginTs * 1000) : null;
    return {
      uid,
      browser: seen?.browser ?? null,
      signedInAt,
      lastActiveAt: seen ? new Date(seen.lastActiveAt) : signedInAt,
      current: uid === currentUid,
      apps: Object.keys((payload.authorizations as Record<string, unknown> | undefined) ?? {}).length,
    };
  });
  // This browser first, then the most recently active.
  return views.sort((a, b) => Number(b.current) - Number(a.current) || (b.lastActiveAt?.getTime() ?? 0) - (a.lastActiveAt?.getTime() ?? 0));
}
