/**
 * Who may create an account (setting SIGN_UP):
 * - `open`: anyone who proves an address by the mailed code; with SIGN_UP_EMAIL_DOMAINS, only
 *   addresses at those domains.
 * - `invite`: only through an invitation link; the sign-in page offers no "Create an account".
 * - `closed`: the same for people, said plainly: accounts are made only by administrators, who
 *   invite them. (Invitations are the one way in under both; `idp admins invite` makes the first
 *   administrator.)
 * An invitation is never limited by SIGN_UP_EMAIL_DOMAINS: an administrator chose the address.
 */
import type { SignUpPolicy } from '../config/settings.js';
import { AccessError } from './errors.js';

export interface SignUpRules {
  signUp: SignUpPolicy;
  signUpEmailDomains: string[];
}

/** Whether pages offer "Create an account" to someone without an invitation. */
export function offersOpenSignUp(rules: SignUpRules): boolean {
  return rules.signUp === 'open';
}

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).trim().toLowerCase();
}

/** Ensure someone without an invitation may sign up with this address; throws the refusal otherwise. */
export function checkOpenSignUp(rules: SignUpRules, email: string): void {
  if (rules.signUp !== 'open') throw new AccessError('sign_up_closed', `SIGN_UP=${rules.signUp}`);
  if (rules.signUpEmailDomains.length > 0 && !rules.signUpEmailDomains.includes(domainOf(email))) {
    throw new AccessError('email_domain_not_allowed', `domain ${domainOf(email)}`);
  }
}

/** The start-up log line's words for the policy in force. */
export function describeSignUpPolicy(rules: SignUpRules): string {
  const domains = rules.signUpEmailDomains.length > 0 ? ` with an address at ${rules.signUpEmailDomains.join(', ')}` : '';
  switch (rules.signUp) {
    case 'open': return `anyone who proves an email address${domains} can create an account`;
    case 'invite': return 'accounts are created only through invitation links (idp invitations create)';
    case 'closed': return 'sign-up is closed: administrators invite people (idp invitations create)';
  }
}
