/**
 * What a ceremony is bound to: the one place each binding is built. A binding's type names its scope
 * (`interaction:…`, `session:…`), so a ceremony kind can only be started where its row in
 * ./kinds.ts says it belongs.
 */
import { hashToken } from '../tokens/tokenHash.js';

export type BindingScope = 'interaction' | 'session' | 'email-change' | 'account-sign-in' | 'recovery-link' | 'invitation';
export type Binding<Scope extends BindingScope = BindingScope> = `${Scope}:${string}`;

/** A sign-in page: its interaction (the interaction cookie proves the browser). */
export function interactionBinding(uid: string): Binding<'interaction'> {
  return `interaction:${uid}`;
}

/** The account page: the browser session, by its stable uid. */
export function sessionBinding(session: { uid: string }): Binding<'session'> {
  return `session:${session.uid}`;
}

/** A pending change of the account's address, asked for in this browser session. */
export function emailChangeBinding(sessionUid: string): Binding<'email-change'> {
  return `email-change:${sessionUid}`;
}

/** A passkey sign-in on the account page, before there is a session: a random cookie of the browser. */
export function accountSignInBinding(cookie: string): Binding<'account-sign-in'> {
  return `account-sign-in:${hashToken(cookie)}`;
}

/** A recovery link: the hash of its token (the token itself is never stored). */
export function recoveryLinkBinding(token: string): Binding<'recovery-link'> {
  return `recovery-link:${hashToken(token)}`;
}

/**
 * An invitation link opened in one browser: the hash of its token and a random id of this
 * ceremony (each browser that opens the link starts its own; the invitation decides who wins).
 */
export function invitationBinding(token: string, ceremonyId: string): Binding<'invitation'> {
  return `invitation:${hashToken(token)}:${ceremonyId}`;
}
