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
  | 'invalid_request_body'
  | 'etag_mismatch'
  | 'not_found';

export class AdminError extends PublicError<AdminErrorCode> {}
