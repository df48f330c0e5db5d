/**
 * The standard profile claims a person (on the account page) or an administrator may set
 * (OpenID Connect Core §5.1). Each is optional; an empty value clears it.
 * - `preferred_username` is what apps such as Gitea or Grafana make a login name of: kept to
 *   letters, digits, ".", "_" and "-", so that it is usable as one everywhere.
 * - `picture` is an https URL (shown by apps, never fetched by the provider).
 * - `locale` is a BCP 47 language tag such as `en` or `pt-BR`.
 */
import type { Person, Profile, Store } from '../store/ports.js';
import { AccessError } from './errors.js';

const USERNAME = /^[A-Za-z0-9._-]{1,64}$/;
const LOCALE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/;

function text(value: string, max: number, what: string): string | null {
  const cleaned = value.trim().replace(/\s+/g, ' ');
  if (cleaned.length > max || /[\u0000-\u001f\u007f]/.test(cleaned)) throw new AccessError('profile_invalid', what);
  return cleaned || null;
}

const rules: { [K in keyof Profile]: (value: string) => string | null } = {
  givenName: (value) => text(value, 100, 'given name'),
  familyName: (value) => text(value, 100, 'family name'),
  preferredUsername(value) {
    const username = value.trim();
    if (username && !USERNAME.test(username)) throw new AccessError('profile_invalid', 'preferred username');
    return username || null;
  },
  picture(value) {
    const link = value.trim();
    if (!link) return null;
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      throw new AccessError('profile_invalid', 'picture is not a URL');
    }
    if (url.protocol !== 'https:' || link.length > 2048 || url.username || url.password) throw new AccessError('profile_invalid', 'picture must be https');
    return url.href;
  },
  locale(value) {
    const tag = value.trim();
    if (tag && !LOCALE.test(tag)) throw new AccessError('profile_invalid', 'locale');
    return tag || null;
  },
};

export const profileFields = Object.keys(rules) as Array<keyof Profile>;

/** Checks every given field (strings as typed); undefined fields are left as they are. */
export function checkProfile(input: Partial<Record<keyof Profile, string>>): Partial<Profile> {
  const changes: Partial<Profile> = {};
  for (const field of profileFields) {
    const value = input[field];
    if (value !== undefined) changes[field] = rules[field](value);
  }
  return changes;
}

export async function updateProfile(store: Store, personId: string, input: Partial<Record<keyof Profile, string>>): Promise<Person> {
  const updated = await store.people.update(personId, checkProfile(input));
  if (!updated) throw new AccessError('person_not_found', 'vanished');
  return updated;
}
