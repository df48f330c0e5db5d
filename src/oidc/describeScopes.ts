/**
 * What each scope lets an app do, in the words the consent page and the account page show, in the
 * request's language (the catalog's `scope.<name>` messages); a scope without words shows its name.
 */
import { isMessageKey } from '../i18n/translate.js';
import { t } from '../i18n/t.js';

export function describeScopes(scopes: string[]): string[] {
  return scopes.map((scope) => {
    const key = `scope.${scope}`;
    return isMessageKey(key) ? t(key) : scope;
  });
}
