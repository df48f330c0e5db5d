/**
 * Headers on every response. CSP allows no inline script (oidc-provider adds the hash of its own
 * form_post script when it needs one); framing is refused; HSTS only when the issuer is https.
 */
import type { Context, Next } from 'koa';

function contentSecurityPolicy(imageOrigins: string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    ["img-src 'self' data:", ...imageOrigins].join(' '),
    "connect-src 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Lets this response's page show pictures from these addresses (apps' logos, src/clients/appOnPage.ts):
 * their origins, and only theirs, join img-src. Addresses that are not https (or http on loopback) are ignored.
 */
export function allowImagesFrom(ctx: Context, addresses: Array<string | null>): void {
  const origins = new Set<string>();
  for (const address of addresses) {
    if (!address || !URL.canParse(address)) continue;
    const url = new URL(address);
    if (url.protocol === 'https:' || url.protocol === 'http:') origins.add(url.origin);
  }
  if (origins.size > 0) ctx.set('Content-Security-Policy', contentSecurityPolicy([...origins].sort()));
}

export function securityHeaders(issuer: string) {
  const https = issuer.startsWith('https:');
  const policy = contentSecurityPolicy();
  return async function setSecurityHeaders(ctx: Context, next: Next): Promise<void> {
    ctx.set('Content-Security-Policy', policy);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('Cross-Origin-Opener-Policy', 'same-origin');
    if (https) ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    await next();
  };
}
