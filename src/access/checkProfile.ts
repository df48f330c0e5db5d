/**
 * What a person may type as their email address and display name. Every way an address enters the
 * provider (sign-up, email change, recovery, invitations, the `idp` command) goes through
 * `parseEmailAddress`, so that one rule decides what an address is.
 *
 * Addresses are refused unless they are plain mailbox addresses, and stored in one form:
 * - no control or invisible formatting characters anywhere (C0, DEL, C1, bidi overrides and
 *   isolates such as U+202E, zero-width characters): a mail library strips them, so the address
 *   stored would differ from the mailbox the mail reached, and one mailbox could hold several
 *   accounts;
 * - a local part of at most 64 characters in the dot-atom form of RFC 5322 §3.2.3 (ASCII only);
 * - a domain of at least two labels, each 1–63 letters, digits or hyphens, at most 253 characters;
 *   an internationalized domain is stored in its ASCII (punycode) form, in lower case;
 * - at most 254 characters in all (RFC 5321 §4.5.3.1.3, with the path's angle brackets).
 * Accounts are then compared in lower case (normalizeEmail in the store).
 */
import { domainToASCII } from 'node:url';

import { PublicError } from '../errors/publicError.js';

/** Control, format (bidi, zero-width), line and paragraph separator, and unassigned/private characters. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u;
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export const MAX_LOCAL_PART = 64;
export const MAX_DOMAIN = 253;
export const MAX_ADDRESS = 254;

/** The stored form of an address, or null when the text is not one. */
export function parseEmailAddress(input: unknown): string | null {
  if (typeof input !== 'string' || INVISIBLE.test(input)) return null;
  const text = input.trim();
  const at = text.lastIndexOf('@');
  if (at <= 0) return null;
  const local = text.slice(0, at);
  if (local.length > MAX_LOCAL_PART || !LOCAL_PART.test(local)) return null;
  const domain = domainToASCII(text.slice(at + 1).normalize('NFC')).toLowerCase();
  if (!domain || domain.length > MAX_DOMAIN) return null;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) return null;
  // A numeric top-level label makes an IP address, not a mail domain.
  if (/^[0-9]+$/.test(labels[labels.length - 1]!)) return null;
  const address = `${local}@${domain}`;
  return address.length > MAX_ADDRESS ? null : address;
}

export function checkEmail(input: string): string {
  const email = parseEmailAddress(input);
  if (!email) throw new PublicError('email_invalid', 'email format');
  return email;
}

/**
 * What a name may not hold: control characters (terminal escapes, line breaks), bidi overrides and
 * isolates, and invisible spaces. Joiners (U+200C, U+200D) stay: some scripts and emoji need them.
 */
const NOT_IN_NAMES = /[\p{Cc}\p{Zl}\p{Zp}\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;

export function checkName(input: string | undefined): string | null {
  if (input !== undefined && NOT_IN_NAMES.test(input)) throw new PublicError('name_invalid', 'control characters');
  const name = (input ?? '').trim().replace(/\s+/g, ' ');
  if (name.length > 100) throw new PublicError('name_invalid', 'name too long');
  return name || null;
}
