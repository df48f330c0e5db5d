/**
 * The refusals of the access services (src/access/). Their messages are in the one catalog
 * (src/errors/catalog.ts); the `idp` command prints the message and exits 1 (2 for a 400); pages
 * and APIs answer the status. `detail` is for the log only.
 */
import { PublicError } from '../errors/publicError.js';

export type AccessErrorCode =
  | 'group_name_invalid'
  | 'group_taken'
  | 'group_not_found'
  | 'person_not_found'
  | 'client_not_found'
  | 'claim_name_invalid'
  | 'claim_name_reserved'
  | 'claim_value_invalid'
  | 'too_many_claims'
  | 'profile_invalid'
  | 'name_invalid'
  | 'picture_invalid'
  | 'locale_invalid'
  | 'username_taken'
  | 'duration_invalid'
  | 'email_invalid'
  | 'email_has_account'
  | 'invitation_invalid'
  | 'invitation_not_found'
  | 'sign_up_closed'
  | 'email_domain_not_allowed'
  | 'account_disabled'
  | 'last_administrator';

export class AccessError extends PublicError<AccessErrorCode> {}
