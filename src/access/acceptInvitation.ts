/**
 * An invited person creates their account: the invitation is used up first (a delete, so that of
 * any number of concurrent redeemers exactly one goes on, on every store engine), then the account
 * is created with the invitation's address (proven by the link), its administrator flag, the new
 * passkey, and the default and invited groups. Should the account not be created (its passkey is
 * already registered, the store fails), the invitation is given back: nothing is lost and nothing
 * is half-written.
 */
import { createAccount } from '../access/createAccount.js';
import type { Credential, NewCredential, Person, Store } from '../store/ports.js';
import { AccessError } from './errors.js';
import { findInvitation, redeemInvitation, restoreInvitation, type InvitationSummary } from './invitations.js';
import { joinNewAccountGroups } from './newAccounts.js';

/** The invitation a link names, still open: not used, and its address has no account yet. */
export async function findOpenInvitation(store: Store, token: string): Promise<InvitationSummary> {
  const invitation = await findInvitation(store, token);
  if (await store.people.findByEmail(invitation.email)) throw new AccessError('email_has_account', `invitation ${invitation.id}`);
  return invitation;
}

export interface InvitedAccount {
  person: Person;
  credential: Credential;
  /** Names of the groups the account joined. */
  groups: string[];
}

export async function acceptInvitation(
  store: Store,
  input: {
    token: string;
    identity: { id: string; webauthnUserId: string };
    name: string | null;
    credential: Omit<NewCredential, 'personId'>;
  },
): Promise<InvitedAccount> {
  const invitation = await redeemInvitation(store, input.token);
  let account: { person: Person; credential: Credential };
  try {
    // Someone may have created an account with this address since the invitation was made.
    if (await store.people.findByEmail(invitation.email)) throw new AccessError('email_has_account', `invitation ${invitation.id}`);
    account = await createAccount(store, {
      ...input.identity,
      email: invitation.email,
      emailVerified: true,
      name: input.name,
      isAdmin: invitation.isAdmin,
    }, input.credential);
  } catch (error) {
    if (!(error instanceof AccessError)) await restoreInvitation(store, invitation);
    throw error;
  }
  const groups = await joinNewAccountGroups(store, account.person, invitation);
  return { ...account, groups };
}
