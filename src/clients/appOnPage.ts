/**
 * How the pages name a relying app, so that a person can tell which app they are signing in to and
 * where it will send them: its name, its logo (`logo_uri`) and launch address (`client_uri`) as the
 * administrator registered them, and the domain of the redirect URI this sign-in returns to.
 *
 * Logos live on the app's own site. The pages show one only when it is an https address (http only
 * on a loopback host, as registration allows), and the page's CSP then lets that one origin in
 * (src/http/securityHeaders.ts `allowImagesFrom`).
 */
export interface AppOnPage {
  /** Null when the app has no name: pages then say "Sign in" without one. */
  name: string | null;
  logoUri: string | null;
  launchUri: string | null;
}

/** The fields of a Client record the pages use (oidc-provider's `client.metadata()`, or the stored record). */
export interface AppMetadata {
  client_name?: unknown;
  logo_uri?: unknown;
  client_uri?: unknown;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** An address a page may show or link to: https, or http on a loopback host; null otherwise. */
export function webAddress(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 2000) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.username || url.password) return null;
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))) return url.href;
  return null;
}

export function appOnPage(record: object | null | undefined): AppOnPage {
  const metadata: AppMetadata = record ?? {};
  const name = typeof metadata.client_name === 'string' && metadata.client_name.trim() ? metadata.client_name : null;
  return { name, logoUri: webAddress(metadata.logo_uri), launchUri: webAddress(metadata.client_uri) };
}

/**
 * The host a redirect URI sends the person back to ("notes.example.com", "localhost:3000"), or null
 * for an app that returns through a private-use scheme (a native app: `com.example.app:/cb`), which names no host.
 */
export function returnDomain(redirectUri: unknown): string | null {
  if (typeof redirectUri !== 'string') return null;
  try {
    const url = new URL(redirectUri);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.host ? url.host : null;
  } catch {
    return null;
  }
}
