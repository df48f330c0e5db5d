/**
 * A browser as the account page names it, in the page's language: "Chrome on Linux", "Chrome unter
 * Linux", "a browser on iOS". What is stored (with a passkey, with a session) is describeBrowser's
 * English label; only its parts are names.
 */
import { t } from '../i18n/t.js';
import { splitBrowserLabel } from '../passkeys/describeBrowser.js';

export function browserLabel(stored: string | null): string | null {
  if (!stored) return null;
  const { browser, system } = splitBrowserLabel(stored);
  if (browser && system) return t('account.browser.on', { browser, system });
  if (system) return t('account.browser.someOn', { system });
  return browser;
}
