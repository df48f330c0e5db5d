/**
 * Every kind of ceremony the provider runs, in one table, as the mail templates are: where it may be
 * bound, what state it carries from the step that starts it to the step that finishes it, and its
 * limits. Starting, reading and finishing a ceremony goes through ./ceremonies.ts with a kind from
 * here, so a step that writes or reads the wrong state does not compile.
 *
 * The kind is also the ceremony's purpose in the store: two kinds never share a record, even on the
 * same binding (the sign-up passkey and the backup passkey offered right after it, say).
 */
import type { Binding } from './bindings.js';

export interface CeremonyKinds {
  /**
   * A passkey sign-in where no interaction record holds it: on the account page before there is a
   * session. (A sign-in page's own ceremony is kept on its Interaction record, written with it:
   * src/passkeys/signInCeremony.ts.)
   */
  'passkey-sign-in': {
    binding: Binding<'interaction' | 'account-sign-in'>;
    /** Whoever owns the passkey that answers is who signs in. */
    personId: null;
    /** The credentials offered in `allowCredentials`; empty for a usernameless sign-in. */
    state: { allowCredentialIds: string[] };
  };
  /** A fresh confirmation, by a passkey of the signed-in account, before a sensitive action. */
  'fresh-verification': { binding: Binding<'session'>; personId: string; state: { allowCredentialIds: string[] } };
  /** The first passkey of a new account, once its address is proven; the account is made from the state. */
  'sign-up-passkey': {
    binding: Binding<'interaction'>;
    personId: null;
    state: { id: string; webauthnUserId: string; email: string; name: string | null };
  };
  /** The first passkey of an invited person's account; the invitation (redeemed at the end) gives the address. */
  'invitation-passkey': {
    binding: Binding<'invitation'>;
    personId: null;
    state: { id: string; webauthnUserId: string; name: string | null };
  };
  /** Another passkey for an existing account: on the account page, right after sign-up, or by a recovery link. */
  'new-passkey': { binding: Binding<'session' | 'interaction' | 'recovery-link'>; personId: string; state: Record<string, never> };
  /** The mailed code that proves a sign-up's address (./mailedCode.ts). */
  'sign-up-code': { binding: Binding<'interaction'>; personId: null; state: { email: string; name: string | null; proofId: string } };
  /** The mailed code that proves the new address of an account (src/account/changeEmail.ts). */
  'email-change-code': { binding: Binding<'email-change'>; personId: string; state: { email: string; proofId: string } };
  /** A recovery link mailed to an account's address; for an address with no account, a link that opens nothing. */
  'recovery-link': { binding: Binding<'recovery-link'>; personId: string | null; state: { interactionUid: string | null } };
  /** After a recovery, the app's sign-in may continue in the browser that holds this token (its hash is the challenge). */
  'recovery-continuation': { binding: Binding<'interaction'>; personId: string; state: { backupEligible: boolean } };
}

export type CeremonyKind = keyof CeremonyKinds;

export interface CeremonyLimits {
  /** How long the ceremony may live; a caller may ask for less (RECOVERY_LINK_MINUTES), never more. */
  lifetimeMs: number;
  /** How many answers are compared before the ceremony is thrown away (mailed codes): in all, across resent codes. */
  tries?: number;
  /** How many new codes may be mailed in place of the first one (mailed codes); none when absent. */
  resends?: number;
}

const MINUTE = 60_000;

/** README "Security": a WebAuthn challenge expires within 5 minutes. */
export const CEREMONY_TTL_MS = 5 * MINUTE;

export const ceremonyLimits: { [K in CeremonyKind]: CeremonyLimits } = {
  'passkey-sign-in': { lifetimeMs: CEREMONY_TTL_MS },
  'fresh-verification': { lifetimeMs: CEREMONY_TTL_MS },
  'sign-up-passkey': { lifetimeMs: CEREMONY_TTL_MS },
  'invitation-passkey': { lifetimeMs: CEREMONY_TTL_MS },
  'new-passkey': { lifetimeMs: CEREMONY_TTL_MS },
  'sign-up-code': { lifetimeMs: 10 * MINUTE, tries: 5, resends: 3 },
  'email-change-code': { lifetimeMs: 10 * MINUTE, tries: 5 },
  // README "Security": recovery tokens expire in at most 10 minutes (RECOVERY_LINK_MINUTES, 1 to 10).
  'recovery-link': { lifetimeMs: 10 * MINUTE },
  'recovery-continuation': { lifetimeMs: 5 * MINUTE },
};
