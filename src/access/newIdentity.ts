/**
 * A new person's identifiers, both random (never derived from the email or a counter):
 * `id` is the OIDC `sub`; `webauthnUserId` is the 32-byte WebAuthn user handle.
 */
import { randomBytes } from 'node:crypto';

export function newIdentity(): { id: string; webauthnUserId: string } {
  return { id: randomBytes(16).toString('base64url'), webauthnUserId: randomBytes(32).toString('base64url') };
}
