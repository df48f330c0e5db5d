/**
 * Who we are to authenticators, and what every ceremony step is given to work with.
 */
import type { Logger } from '../log.js';
import type { Store } from '../store/ports.js';

export interface RelyingParty {
  /** RP ID: the issuer's host name. Passkeys are scoped to it (WebAuthn §5.1.4 "RP ID"). */
  id: string;
  /** Shown by the authenticator when it asks the person to confirm. */
  name: string;
  /** The only origin ceremonies may come from (scheme, host and port of the issuer). */
  origin: string;
}

/** The relying party for an issuer URL: `https://id.example.com/oidc` gives id `id.example.com`. */
export function relyingPartyFor(issuer: string, name: string): RelyingParty {
  const url = new URL(issuer);
  return { id: url.hostname, name, origin: url.origin };
}

export interface PasskeyDeps {
  store: Store;
  rp: RelyingParty;
  /** Milliseconds since the epoch; the same clock the store uses for expiry. */
  now: () => number;
  log: Logger;
}

/**
 * COSE algorithms we offer at registration and accept back: ES256 and RS256, which every platform
 * authenticator supports. The same list goes to `pubKeyCredParams` and to `supportedAlgorithmIDs`.
 */
export const PASSKEY_ALGORITHM_IDS: readonly number[] = [-7, -257];

/** Challenges are 32 random bytes (WebAuthn §13.4.3 asks for at least 16). */
export const CHALLENGE_BYTES = 32;
