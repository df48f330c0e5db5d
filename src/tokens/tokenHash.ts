/**
 * How every secret the provider hands out is kept: only its SHA-256 (base64url), so that a copy of
 * the database opens nothing. Used for recovery and invitation links, mailed codes, the token that
 * continues a sign-in after recovery, and the account page's sign-in cookie. The one comparison of a
 * given secret with a stored hash takes the same time whatever the bytes (no timing oracle).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Does `given` hash to `storedHash`? Constant-time in the content of both. */
export function matchesHash(given: string, storedHash: string): boolean {
  const computed = Buffer.from(hashToken(given));
  const stored = Buffer.from(storedHash);
  return computed.length === stored.length && timingSafeEqual(computed, stored);
}
