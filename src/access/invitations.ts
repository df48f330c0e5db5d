/**
 * Invitations: a single-use link that lets one address create an account, joining the
 * invitation's groups and, for `idp admins invite`, becoming an administrator.
 * - The token is 256 random bits; only its SHA-256 is stored, so a copy of the database opens
 *   nothing. The link is shown once (mailed, or printed with `--print`).
 * - It expires (default 7 days, at most 30), can be revoked, and is redeemed by deleting it:
 *   of any number of concurrent redeemers, exactly one gets it, on every store engine.
 * - Whoever holds the link proves the address: it was mailed there (or handed over by an
 *   administrator, who vouches for it).
 */
import { linkTo } from '../email/links.js';
import type { Group, Invitation, Store } from '../store/ports.js';
import { commandSafeId } from '../tokens/commandSafeId.js';
import { hashToken } from '../tokens/tokenHash.js';
import type { AccessDeps } from './deps.js';
import { AccessError } from './errors.js';
import { findGroups } from './groups.js';
import { checkAddress } from './people.js';

export const DEFAULT_INVITATION_MS = 7 * 86_400_000;

export function invitationLink(issuer: string, token: string): string {
  return linkTo(issuer, `/invite/${token}`);
}

export interface NewInvitationRequest {
  email: string;
  groups?: string[];
  isAdmin?: boolean;
  /** Milliseconds; default 7 days. */
  expiresInMs?: number;
  /** The administrator who invites, or null for the `idp` command. */
  createdBy?: string | null;
}

export interface IssuedInvitation {
  invitation: Invitation;
  groups: Group[];
  /** The secret part of the link: never stored, shown once. */
  token: string;
}

export async function createInvitation(deps: AccessDeps, request: NewInvitationRequest): Promise<IssuedInvitation> {
  const { store, now, randomBytes } = deps;
  const email = checkAddress(request.email);
  const groups = await findGroups(store, request.groups ?? []);
  if (await store.people.findByEmail(email)) throw new AccessError('email_has_account', `invitation for ${email}`);
  const token = Buffer.from(randomBytes(32)).toString('base64url');
  const invitation = await store.invitations.insert({
    id: commandSafeId(randomBytes(9)),
    tokenHash: hashToken(token),
    email,
    groupIds: groups.map((group) => group.id),
    isAdmin: request.isAdmin ?? false,
    createdBy: request.createdBy ?? null,
    expiresAt: new Date(now() + (request.expiresInMs ?? DEFAULT_INVITATION_MS)),
  });
  return { invitation, groups, token };
}

export interface InvitationSummary extends Invitation { groupNames: string[] }

async function summarize(store: Store, invitation: Invitation): Promise<InvitationSummary> {
  const groupNames: string[] = [];
  for (const id of invitation.groupIds) {
    const group = await store.groups.findById(id);
    if (group) groupNames.push(group.name);
  }
  return { ...invitation, groupNames };
}

export async function listInvitations(store: Store): Promise<InvitationSummary[]> {
  return Promise.all((await store.invitations.list()).map((invitation) => summarize(store, invitation)));
}

export async function revokeInvitation(store: Store, id: string): Promise<void> {
  if (!(await store.invitations.remove(id.trim()))) throw new AccessError('invitation_not_found', `invitation ${id}`);
}

/** The invitation a link names, without using it up (to show the page). */
export async function findInvitation(store: Store, token: string): Promise<InvitationSummary> {
  const invitation = /^[A-Za-z0-9_-]{43}$/.test(token) ? await store.invitations.findByTokenHash(hashToken(token)) : null;
  if (!invitation) throw new AccessError('invitation_invalid');
  return summarize(store, invitation);
}

/**
 * Uses the invitation up. The caller creates the account and, should that fail, gives the
 * invitation back with `restoreInvitation` so that nothing is lost.
 */
export async function redeemInvitation(store: Store, token: string): Promise<Invitation> {
  const invitation = /^[A-Za-z0-9_-]{43}$/.test(token) ? await store.invitations.take(hashToken(token)) : null;
  if (!invitation) throw new AccessError('invitation_invalid');
  return invitation;
}

export async function restoreInvitation(store: Store, invitation: Invitation): Promise<void> {
  const { createdAt: _createdAt, ...rest } = invitation;
  await store.invitations.insert(rest);
}
