/**
 * The profile claims a person sets on the account page, or an administrator with `idp users
 * update` (OpenID Connect Core §5.1). Each is optional; an empty value clears it. A refusal names
 * its field, so the page can mark it.
 * - `name`, `given_name`, `family_name`: the rule of every name (checkProfile.ts).
 * - `preferred_username` is what apps such as Gitea or Grafana make a login name of: kept to
 *   letters, digits, ".", "_" and "-", so that it is usable as one everywhere. Only administrators
 *   set it: a person who chose their own could take the login name of someone else in an app.
 * - `picture` is an https URL (shown by apps, never fetched by the provider).
 * - `locale` is a BCP 47 language tag such as `en` or `pt-BR`; pages also speak it when they can.
 */
import { checkName } from './checkProfile.js';
import { PublicError } from '../errors/publicError.js';
import type { Person, Profile, Store } from '../store/ports.js';
import { AccessError } from './errors.js';

const USERNAME = /^[A-Za-z0-9._-]{1,64}$/;
const LOCALE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/;

export type ProfileField = 'name' | keyof Profile;
export type ProfileChanges = Partial<Pick<Person, ProfileField>>;
export type ProfileInput = Partial<Record<ProfileField, string>>;

const rules: { [K in ProfileField]: (value: string) => string | null } = {
  name: checkName,
  givenName: checkName,
  familyName: checkName,
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
      throw new AccessError('picture_invalid', 'not a URL');
    }
    if (url.protocol !== 'https:' || link.length > 2048 || url.username || url.password) throw new AccessError('picture_invalid', 'not an https URL');
    return url.href;
  },
  locale(value) {
    const tag = value.trim();
    if (tag && !LOCALE.test(tag)) throw new AccessError('locale_invalid', 'not a language tag');
    return tag || null;
  },
};

/** What a person may change on the account page; the rest is for administrators. */
export const SELF_SERVICE_FIELDS = ['name', 'givenName', 'familyName', 'picture', 'locale'] as const satisfies readonly ProfileField[];

/** Checks every given field (strings as typed); undefined fields are left as they are. */
export function checkProfile(input: ProfileInput): ProfileChanges {
  const changes: ProfileChanges = {};
  for (const field of Object.keys(rules) as ProfileField[]) {
    const value = input[field];
    if (value === undefined) continue;
    try {
      changes[field] = rules[field](value);
    } catch (error) {
      if (error instanceof PublicError) throw new AccessError(error.code as AccessError['code'], error.detail, { field });
      throw error;
    }
  }
  return changes;
}

/**
 * Changes the profile of one account. A username another account has (compared without case) is
 * refused: apps that make login names of it must never see two people under one name. The check
 * reads before it writes, which is enough for the one administrator who sets usernames.
 */
export async function updateProfile(store: Store, personId: string, input: ProfileInput): Promise<Person> {
  const changes = checkProfile(input);
  const username = changes.preferredUsername?.toLowerCase();
  if (username && (await store.people.list()).some((other) => other.id !== personId && other.preferredUsername?.toLowerCase() === username)) {
    throw new AccessError('username_taken', 'preferred username in use', { field: 'preferredUsername' });
  }
  const updated = await store.people.update(personId, changes);
  if (!updated) throw new AccessError('person_not_found', 'vanished');
  return updated;
}
