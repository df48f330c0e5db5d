/**
 * Every ID token names the browser session it came from in `sid` (OpenID Connect Front-Channel
 * Logout 1.0 §3 defines the claim; Back-Channel Logout 1.0 §2.4 sends the same value in logout
 * tokens). oidc-provider adds it by itself only for apps registered for back-channel logout with
 * `backchannel_logout_session_required`, or when the request's claims parameter asks for it. The
 * logout an app's server sends (logout/logoutWithoutConfirmation.ts) finds the session to end by
 * this claim: without it, the session could only be guessed from its sign-in second, and two
 * sessions of a person signed in within the same second were both ended.
 *
 * So `sid` is among the `openid` scope's claims (createProvider.ts) and findAccount's `claims()`
 * supplies it (findAccount.ts), the documented way to put a claim into an ID token. The code,
 * refresh token or device code an ID token is issued for names its session (`sessionUid`), whose
 * record keeps the app's `sid`: the value oidc-provider itself would have used. A token issued after
 * its session ended (an `offline_access` refresh token) has no session to name, so no `sid`.
 * oidc-provider reads that session in the same token request, to check the code is still bound to
 * it; that read is used (requestReads.ts), and the session is read here only when there was none.
 */
import type { OidcRecords } from '../store/ports.js';
import { sessionReadBy } from './requestReads.js';

interface SessionBoundToken { sid?: unknown; sessionUid?: unknown }

/** The `sid` of the session `token` (findAccount's third argument) came from, for the app; undefined when there is none. */
export async function sessionIdFor(records: OidcRecords, issuedFor: object | undefined, clientId: string | undefined, ctx?: object): Promise<string | undefined> {
  const token = issuedFor as SessionBoundToken | undefined;
  if (!token || !clientId) return undefined;
  // oidc-provider's own value, for the apps it adds `sid` for.
  if (typeof token.sid === 'string') return token.sid;
  if (typeof token.sessionUid !== 'string') return undefined;
  const alreadyRead = ctx ? sessionReadBy(ctx, token.sessionUid) : undefined;
  const session = alreadyRead ? alreadyRead.payload : await records.findByUid('Session', token.sessionUid);
  const authorizations = session?.authorizations as Record<string, { sid?: unknown }> | undefined;
  const sid = authorizations?.[clientId]?.sid;
  return typeof sid === 'string' ? sid : undefined;
}
