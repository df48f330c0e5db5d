/**
 * Links in mail are built from the configured issuer and nothing else. A link that took its host from
 * the request (Host, X-Forwarded-Host) would let anyone who can send a request choose where a recovery
 * link points, and so receive the token that is in it ("password reset poisoning").
 */

/**
 * Builds `issuer + path` with an optional query. `path` must be absolute on the issuer (`/recover`);
 * a protocol-relative (`//host`) or backslash path would let `URL` move the link to another host.
 */
export function linkTo(issuer: string, path: string, query: Record<string, string> = {}): string {
  // Ensure the path cannot name a host of its own.
  if (!path.startsWith('/') || path.startsWith('//') || path.includes('\\')) {
    throw new Error(`A mail link path must start with a single "/": ${JSON.stringify(path)}`);
  }
  const url = new URL(issuer.replace(/\/+$/, '') + path);
  if (!isIssuerLink(issuer, url.href)) throw new Error(`A mail link left the issuer: ${JSON.stringify(path)}`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url.href;
}

/** Whether `link` points at the issuer itself or below its path, on the same origin, with no userinfo. */
export function isIssuerLink(issuer: string, link: string): boolean {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return false;
  }
  const base = new URL(issuer);
  const basePath = base.pathname.replace(/\/+$/, '');
  if (url.origin !== base.origin || url.username !== '' || url.password !== '') return false;
  return url.pathname === basePath || url.pathname.startsWith(`${basePath}/`);
}
