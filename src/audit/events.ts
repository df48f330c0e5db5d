/**
 * Every kind of event the audit trail records, with the words the account page uses for it.
 * A type is a stable name: operators filter on it (`idp audit --type sign_in_failed`) and may alert on it.
 */
export const auditTypes = {
  sign_in: 'Signed in',
  sign_in_failed: 'Sign-in refused',
  sign_up: 'Account created',
  passkey_added: 'Passkey added',
  passkey_removed: 'Passkey removed',
  passkey_renamed: 'Passkey renamed',
  recovery_requested: 'Recovery link requested',
  recovery_used: 'Recovered with a new passkey',
  email_changed: 'Email address changed',
  session_ended: 'Signed out',
  app_logout: 'Signed out from an app',
  app_granted: 'App allowed',
  app_revoked: 'App access removed',
  lost_device: 'Reported a lost device: signed out everywhere',
  account_deleted: 'Account deleted',
  admin_action: 'Changed by an administrator',
} as const;

export type AuditType = keyof typeof auditTypes;

export const AUDIT_TYPES = Object.keys(auditTypes) as AuditType[];

export function isAuditType(text: string): text is AuditType {
  return Object.hasOwn(auditTypes, text);
}

/** Events that prove a browser at an address is the account owner's: the new-device alert compares with them. */
export const SIGN_IN_TYPES: AuditType[] = ['sign_in', 'sign_up', 'recovery_used'];
