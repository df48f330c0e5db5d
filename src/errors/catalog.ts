/**
 * The one catalog of errors a person, an app or an administrator can see: a stable code, a status
 * and a public message in plain words. Pages and APIs answer the status and message; the `idp`
 * command prints the message. The private `detail` of a thrown error is only ever logged.
 * (One object literal: a code defined twice does not compile.)
 */
export const catalog = {
  bad_request: { status: 400, message: 'The request was not understood.' },
  body_too_large: { status: 413, message: 'The request is too large.' },
  unsupported_media_type: { status: 415, message: 'Send this request as JSON or as a form.' },
  cross_site_request: { status: 403, message: 'This request did not come from this site’s own pages, so it was refused.' },
  not_found: { status: 404, message: 'There is nothing at this address.' },
  interaction_expired: {
    status: 400,
    message: 'This sign-in has expired or was already completed. Go back to the app and start again.',
  },
  ceremony_expired: { status: 400, message: 'That passkey request expired or was already used. Please try again.' },
  bad_response: { status: 400, message: 'Your browser sent a passkey response we could not read. Please try again.' },
  cross_origin: { status: 400, message: 'Passkeys can only be used on this site’s own pages.' },
  not_verified: { status: 401, message: 'The passkey could not be verified. Please try again with the same device.' },
  unknown_credential: {
    status: 401,
    message: 'This passkey is not registered here. It may have been removed; choose another passkey or create an account.',
  },
  credential_not_allowed: { status: 401, message: 'That passkey does not belong to the account you named. Please choose another.' },
  user_handle_mismatch: { status: 401, message: 'That passkey does not belong to the account it claims. Please choose another.' },
  wrong_account: { status: 401, message: 'That passkey belongs to a different account.' },
  counter_regression: {
    status: 401,
    message: 'This passkey reported a problem that can mean it was copied. Please use another passkey or recover your account.',
  },
  credential_taken: { status: 409, message: 'This passkey is already registered. Sign in with it instead.' },
  credential_id_too_long: { status: 400, message: 'This authenticator’s passkey is not supported. Please try another device.' },
  email_invalid: { status: 400, message: 'Enter an email address such as name@example.com.' },
  name_invalid: { status: 400, message: 'Your name can be at most 100 characters, on one line, without control characters.' },
  signup_expired: { status: 400, message: 'This sign-up expired. Please enter your email address again.' },
  code_invalid: { status: 400, message: 'That code is not right. Check the latest mail we sent and try again.' },
  code_attempts_exceeded: { status: 429, message: 'Too many wrong codes. Please start again to get a new code.' },
  code_resends_exceeded: {
    status: 429,
    message: 'We already sent you several new codes. Use the code in the latest mail, or start again with your address in a few minutes.',
  },
  rate_limited: { status: 429, message: 'Too many attempts. Please wait a few minutes and try again.' },
  mail_failed: {
    status: 503,
    message: 'We could not send the mail just now. Nothing was lost: please try again in a minute.',
  },
  recovery_link_invalid: {
    status: 400,
    message: 'This recovery link is not valid any more: it expired or was already used. Ask for a new one.',
  },
  account_signed_out: { status: 401, message: 'You are not signed in (any more). Reload the page and sign in with your passkey.' },
  verification_required: {
    status: 401,
    message: 'For your safety, this needs a fresh confirmation with your passkey. Confirm it’s you, then try again.',
  },
  passkey_not_found: { status: 404, message: 'That passkey is not on your account. Reload the page to see your passkeys as they are now.' },
  last_passkey: {
    status: 409,
    message: 'This is your only passkey, so it cannot be removed: without it you could not sign in. Add another passkey first, then remove this one.',
  },
  every_passkey_chosen: {
    status: 409,
    message: 'You chose every passkey of your account: without one you could not sign in. Leave the passkey you still have unticked.',
  },
  passkey_name_invalid: { status: 400, message: 'Give the passkey a name of 1 to 64 characters.' },
  session_not_found: { status: 404, message: 'That session has already ended. Reload the page to see where you are signed in now.' },
  app_not_found: { status: 404, message: 'That app no longer has access to your account. Reload the page to see your apps as they are now.' },
  email_unchanged: { status: 400, message: 'That is already the email address of your account.' },
  email_change_expired: { status: 400, message: 'This email change expired. Please enter the new address again to get a new code.' },
  email_taken: { status: 409, message: 'That address belongs to another account, so it cannot be used for this one.' },
  delete_not_confirmed: { status: 400, message: 'Tick the box to confirm that you want to delete your account.' },
  store_unavailable: {
    status: 503,
    message: 'The service is briefly unavailable. Nothing was changed; please try again in a moment.',
  },
  // Administration (src/access/): refusals the idp command and the admin pages give.
  group_name_invalid: {
    status: 400,
    message: 'A group name is 1 to 64 characters: lower-case letters, digits, "-", "_" and ".", starting with a letter or digit.',
  },
  group_taken: { status: 409, message: 'There is already a group with that name.' },
  group_not_found: { status: 404, message: 'There is no group with that name.' },
  person_not_found: { status: 404, message: 'There is no account with that email address.' },
  last_administrator: {
    status: 409,
    message: 'This is the last active administrator: without one, nobody could manage people, groups or apps here. Make someone else an administrator first.',
  },
  own_account: {
    status: 409,
    message: 'You cannot disable or remove the account you are signed in with. Another administrator can; you can delete your own account on your account page.',
  },
  client_not_found: { status: 404, message: 'There is no app with that client_id.' },
  claim_name_invalid: {
    status: 400,
    message: 'A claim name is 1 to 100 characters: letters, digits, "_", "-", ".", ":" and "/", starting with a letter.',
  },
  claim_name_reserved: {
    status: 400,
    message: 'That claim name is reserved: the provider sets it itself (standard OpenID Connect and JWT claims, and groups).',
  },
  claim_value_invalid: { status: 400, message: 'A claim value must be JSON (for example "text", 42, true, ["a","b"] or {"k":"v"}) of at most 4096 bytes.' },
  too_many_claims: { status: 400, message: 'An account or group can have at most 50 custom claims.' },
  profile_invalid: { status: 400, message: 'That profile value is not valid.' },
  picture_invalid: { status: 400, message: 'A picture is an https:// address of an image, of at most 2048 characters.' },
  locale_invalid: { status: 400, message: 'Choose a language from the list, or none.' },
  username_taken: { status: 409, message: 'Another account already has that username.' },
  duration_invalid: { status: 400, message: 'Give a duration such as 30m, 12h or 7d, of at most 30 days.' },
  email_has_account: { status: 409, message: 'That address already has an account.' },
  invitation_invalid: {
    status: 400,
    message: 'This invitation is not valid any more: it expired, was revoked or was already used. Ask whoever invited you for a new one.',
  },
  invitation_not_found: { status: 404, message: 'There is no open invitation with that id.' },
  sign_up_closed: { status: 403, message: 'New accounts can only be created with an invitation. Ask an administrator to invite you.' },
  email_domain_not_allowed: { status: 403, message: 'Accounts can only be created with an address of the allowed domains.' },
  account_disabled: { status: 403, message: 'This account is disabled. Ask an administrator to enable it again.' },
  admin_only: { status: 403, message: 'Only administrators can open the administration console. If you need it, ask an administrator.' },
  // The admin REST API (src/admin/): its keys and its refusals, answered as problem details.
  api_key_missing: { status: 401, message: 'Send an API key in the Authorization header: "Authorization: Bearer idpk_…".' },
  api_key_invalid: { status: 401, message: 'That API key is not valid: it is unknown, expired or revoked.' },
  api_key_read_only: { status: 403, message: 'This API key is read-only: it cannot change anything.' },
  api_key_name_invalid: { status: 400, message: 'Give the API key a name of 1 to 64 characters, on one line.' },
  api_key_lifetime_invalid: { status: 400, message: 'Give how long the API key works, such as 30d or 90d, of at most 365 days.' },
  person_id_unknown: { status: 404, message: 'There is no account with that id.' },
  api_key_not_found: { status: 404, message: 'There is no API key with that id.' },
  invalid_request: { status: 400, message: 'The request is not valid: see the errors listed.' },
  etag_mismatch: { status: 412, message: 'Someone changed this since you read it. Read it again, then repeat your change.' },
  internal: { status: 500, message: 'Something went wrong on our side. Nothing was changed; please try again.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof catalog;
