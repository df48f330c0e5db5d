/**
 * What a person may type as their email address and display name. Deliberately simple: the mailed
 * code proves the address; this only refuses what can never be one.
 */
import { PublicError } from '../http/errors.js';

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

export function checkEmail(input: string): string {
  const email = input.trim();
  if (email.length > 254 || !EMAIL.test(email)) throw new PublicError('email_invalid', 'email format');
  return email;
}

export function checkName(input: string | undefined): string | null {
  const name = (input ?? '').trim().replace(/\s+/g, ' ');
  if (name.length > 100) throw new PublicError('name_invalid', 'name too long');
  return name || null;
}
