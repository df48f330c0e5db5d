/**
 * What the console's forms send, read into what the services take: a list one entry per line
 * (redirect URIs), a list separated by commas (group and claim names), a ticked box, and the
 * refusals that belong to one field, to be shown next to it.
 */
import { AppSettingError } from '../../clients/errors.js';
import type { ErrorCode } from '../../errors/catalog.js';
import { PublicError } from '../../errors/publicError.js';
import { t, type MessageKey } from '../../i18n/t.js';

export function lines(text: string | undefined): string[] {
  return (text ?? '').split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
}

export function names(text: string | undefined): string[] {
  return (text ?? '').split(/[,\s]+/).map((name) => name.trim()).filter(Boolean);
}

/** A checkbox: present when ticked. */
export function ticked(value: string | undefined): boolean {
  return value !== undefined && value !== '';
}

/** The text of an optional field, or null when left empty. */
export function optional(value: string | undefined): string | null {
  const text = (value ?? '').trim();
  return text || null;
}

export type FieldErrors = Record<string, string>;

const settingMessages: Record<string, MessageKey> = {
  name: 'console.invalid.name',
  redirectUris: 'console.invalid.redirectUris',
  postLogoutRedirectUris: 'console.invalid.redirectUris',
  logoUri: 'console.invalid.pageUri',
  launchUri: 'console.invalid.pageUri',
};

/**
 * The field a refusal is about, with words to show next to it; null when it is not one field's
 * fault (the caller lets it through to the error page). `fields` names, for this form, the field
 * each catalog error belongs to.
 */
export function fieldErrorOf(error: unknown, fields: Partial<Record<ErrorCode, string>>): FieldErrors | null {
  if (error instanceof AppSettingError) {
    const uri = /^"([^"]*)"/.exec(error.problem)?.[1];
    const key = error.setting === 'redirectUris' && !uri ? 'console.invalid.redirectUrisEmpty' : settingMessages[error.setting] ?? 'console.invalid.setting';
    return { [error.setting]: t(key, { uri: uri ?? '', problem: error.problem }) };
  }
  if (error instanceof PublicError && fields[error.code as ErrorCode]) return { [fields[error.code as ErrorCode]!]: t(`error.${error.code}` as MessageKey) };
  return null;
}

/** A box that must be ticked before a removal; refused as that field's error otherwise. */
export function confirmed(value: string | undefined): FieldErrors | null {
  return ticked(value) ? null : { confirm: t('console.invalid.confirm') };
}
