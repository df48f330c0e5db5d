/**
 * The refusals of the administration services (src/admin/). Messages are in the one catalog
 * (src/errors/catalog.ts); the admin API answers them as problem details, the `idp` command prints them.
 */
import { PublicError } from '../errors/publicError.js';

export type AdminErrorCode =
  | 'api_key_missing'
  | 'api_key_invalid'
  | 'api_key_read_only'
  | 'api_key_name_invalid'
  | 'api_key_lifetime_invalid'
  | 'api_key_not_found'
  | 'invalid_request'
  | 'etag_mismatch'
  | 'person_id_unknown'
  | 'own_account'
  | 'not_found';

export class AdminError extends PublicError<AdminErrorCode> {}

/** A request whose fields were refused: each one named by a JSON pointer (RFC 6901) and why. */
export class InvalidRequestError extends AdminError {
  constructor(readonly errors: Array<{ pointer: string; message: string }>) {
    super('invalid_request', errors.map((error) => `${error.pointer}: ${error.message}`).join('; '));
  }
}
