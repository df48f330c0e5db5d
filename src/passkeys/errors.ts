/**
 * Why a passkey ceremony was refused: a code of the one catalog (src/errors/catalog.ts), which
 * gives the status and the message in plain words; `detail` is private and goes to the log only.
 * A code the catalog lacks does not compile (PublicError's type parameter is its keys).
 */
import { PublicError } from '../errors/publicError.js';

export type PasskeyErrorCode =
  /** No live ceremony for this binding and purpose: never started, expired, replaced or used up. */
  | 'ceremony_expired'
  /** The response is malformed or fails verification (challenge, origin, RP ID, algorithm...). */
  | 'bad_response'
  /** clientDataJSON.crossOrigin is true: the ceremony ran in a cross-origin iframe. */
  | 'cross_origin'
  /** The signature did not verify, or the authenticator did not verify the user. */
  | 'not_verified'
  | 'unknown_credential'
  /** The credential is not one of the `allowCredentials` the ceremony offered. */
  | 'credential_not_allowed'
  /** The userHandle is missing (usernameless) or names someone other than the credential's owner. */
  | 'user_handle_mismatch'
  /** The credential belongs to someone other than the account the ceremony was started for. */
  | 'wrong_account'
  /** The signature counter did not increase: a cloned authenticator, or a concurrent use. */
  | 'counter_regression'
  /** The credential id is registered already (to anyone). */
  | 'credential_taken'
  | 'credential_id_too_long'
  /** The passkey's account was disabled by an administrator: it signs in nowhere until enabled. */
  | 'account_disabled';

export class PasskeyError extends PublicError<PasskeyErrorCode> {}

/**
 * Turns a failure thrown by @simplewebauthn/server into a PasskeyError. The library reports every
 * problem as a plain Error with a message; only a missing user verification gets its own code.
 */
export function refusalFromLibrary(error: unknown): PasskeyError {
  if (error instanceof PasskeyError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/user verification/i.test(message)) return new PasskeyError('not_verified', message);
  return new PasskeyError('bad_response', message);
}
