/**
 * The rules a redirect URI must pass before a client is registered. The provider compares redirect
 * URIs exactly as registered (RFC 9700 §4.1.3), so what is stored is the string as typed; these checks
 * refuse the strings that could never be safe or could never work:
 * - absolute, without a fragment (RFC 6749 §3.1.2) and without user:password@ (a phishing aid);
 * - https, or http only on a loopback host (RFC 8252 §7.3, for apps on the same machine);
 * - a private-use scheme (`com.example.app:/cb`) only for public native apps, and only a
 *   reverse-domain one (RFC 8252 §7.1), which also keeps out `javascript:`, `data:` and typos
 *   such as `localhost:3000/cb` (which parses as scheme `localhost:`).
 * A client with such a scheme is registered as `application_type: native`; oidc-provider then refuses
 * https on loopback hosts for it, so that is refused here too, with a clearer message.
 */
import { AppSettingError } from './errors.js';

export type ApplicationType = 'web' | 'native';

export interface RedirectUriGroup {
  /** The setting the URIs came from, named in errors. */
  setting: 'redirectUris' | 'postLogoutRedirectUris';
  uris: string[];
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isPrivateUseScheme(url: URL): boolean {
  return url.protocol !== 'https:' && url.protocol !== 'http:';
}

function problemWith(uri: string, isPublic: boolean): string | null {
  if (/\s/.test(uri)) return 'must not contain spaces';
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'is not an absolute URL (e.g. https://app.example.com/callback)';
  }
  if (uri.includes('#')) return 'must not contain a fragment (#)';
  if (url.username || url.password) return 'must not contain a user name or password';
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    return 'must use https (http is allowed only for localhost, 127.0.0.1 and [::1])';
  }
  if (isPrivateUseScheme(url)) {
    if (!url.protocol.slice(0, -1).includes('.')) {
      return 'must use https, or a reverse-domain scheme for a native app (e.g. com.example.app:/callback)';
    }
    if (!isPublic) return 'uses a native app scheme: native apps cannot keep a secret, register them with --public';
  }
  return null;
}

/**
 * Throws `AppSettingError` for the first URI that breaks a rule; otherwise returns the application type
 * the client must be registered with.
 */
export function checkRedirectUris(groups: RedirectUriGroup[], isPublic: boolean): ApplicationType {
  for (const { setting, uris } of groups) {
    for (const uri of uris) {
      const problem = problemWith(uri, isPublic);
      if (problem) throw new AppSettingError(setting, `"${uri}" ${problem}`);
    }
  }
  const all = groups.flatMap(({ setting, uris }) => uris.map((uri) => ({ setting, url: new URL(uri), uri })));
  if (!all.some(({ url }) => isPrivateUseScheme(url))) return 'web';
  const loopbackHttps = all.find(({ url }) => url.protocol === 'https:' && LOOPBACK_HOSTS.has(url.hostname));
  if (loopbackHttps) {
    throw new AppSettingError(
      loopbackHttps.setting,
      `"${loopbackHttps.uri}": a native app (one with a reverse-domain scheme) must use http, not https, on a loopback host`,
    );
  }
  return 'native';
}

/**
 * Back-Channel Logout 1.0 §2.2: the URI the provider posts logout tokens to, server to server.
 * Absolute, https (http only on a loopback host), no fragment; a query is allowed.
 */
export function checkBackchannelLogoutUri(uri: string): void {
  const problem = webUriProblem(uri);
  if (problem) throw new AppSettingError('backchannelLogoutUri', `"${uri}" ${problem}`);
}

/** A page or picture of the app (logo_uri, client_uri): an https URL (http only on a loopback host). */
export function checkAppPageUri(setting: 'logoUri' | 'launchUri', uri: string): void {
  const problem = webUriProblem(uri);
  if (problem) throw new AppSettingError(setting, `"${uri}" ${problem}`);
}

/**
 * The rules of a URL the provider or a browser fetches: a redirect URI's, except that a native app's
 * scheme is simply not https (the redirect rules' advice, register with --public, does not apply).
 */
function webUriProblem(uri: string): string | null {
  const problem = problemWith(uri, false);
  if (problem && URL.canParse(uri) && isPrivateUseScheme(new URL(uri))) return 'must use https';
  return problem ?? (isPrivateUseScheme(new URL(uri)) ? 'must use https' : null);
}
