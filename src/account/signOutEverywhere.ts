/**
 * What a recovery and "I lost a device" do to everything that is already signed in: every browser
 * session of the account ends, except `keepUid` (the browser that acts, when there is one), and
 * every app's access goes, refresh tokens included (`offline_access` ones too, which outlive the
 * session they came from), so each app has to sign the person in again. Each session ends as every
 * session does (src/sessions/endSessions.ts): its apps with a back-channel logout URI are told. Whoever held a session or
 * a token, on a lost device or as someone who took the account over, holds nothing afterwards.
 * Sessions go first, so that nobody acts in one while the apps' access is taken away.
 */
import { revokeEveryApp } from '../access/connectedApps.js';
import { endSessionsOf, type SessionEndingDeps } from '../sessions/endSessions.js';

export async function signOutEverywhere(deps: SessionEndingDeps, input: { accountId: string; keepUid: string | null }): Promise<{ sessions: number; apps: number }> {
  const sessions = await endSessionsOf(deps, input);
  const apps = await revokeEveryApp(deps.records, input.accountId);
  return { sessions, apps };
}
