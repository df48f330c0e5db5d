/**
 * The refusals of the access services (src/access/), each with a status and a public message in
 * plain words. The `idp` command prints the message and exits 1; pages and APIs answer the status.
 * `detail` is for the log only.
 */
export const accessCatalog = {
  group_name_invalid: {
    status: 400,
    message: 'A group name is 1 to 64 characters: lower-case letters, digits, "-", "_" and ".", starting with a letter or digit.',
  },
  group_taken: { status: 409, message: 'There is already a group with that name.' },
  group_not_found: { status: 404, message: 'There is no group with that name.' },
  person_not_found: { status: 404, message: 'There is no account with that email address.' },
  app_not_found: { status: 404, message: 'There is no app with that client_id.' },
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
  duration_invalid: { status: 400, message: 'Give a duration such as 30m, 12h or 7d, of at most 30 days.' },
  email_invalid: { status: 400, message: 'Enter an email address such as name@example.com.' },
  email_has_account: { status: 409, message: 'That address already has an account.' },
  invitation_invalid: {
    status: 400,
    message: 'This invitation is not valid any more: it expired, was revoked or was already used. Ask whoever invited you for a new one.',
  },
  invitation_not_found: { status: 404, message: 'There is no open invitation with that id.' },
  sign_up_closed: { status: 403, message: 'New accounts can only be created with an invitation. Ask an administrator to invite you.' },
  email_domain_not_allowed: { status: 403, message: 'Accounts can only be created with an address of the allowed domains.' },
  account_disabled: { status: 403, message: 'This account is disabled. Ask an administrator to enable it again.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type AccessErrorCode = keyof typeof accessCatalog;

export class AccessError extends Error {
  constructor(readonly code: AccessErrorCode, readonly detail?: string) {
    super(accessCatalog[code].message);
    this.name = 'AccessError';
  }

  get status(): number {
    return accessCatalog[this.code].status;
  }
}
