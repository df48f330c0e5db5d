/**
 * A console page opened signed out sends the browser to the account page's sign-in with
 * `?return=<the page>` (src/steps/guards.ts); after the passkey, the account page's script goes back
 * there. Only a path of the console is taken, so the parameter cannot send anyone elsewhere.
 */
const CONSOLE_PATH = /^\/admin(?:\/[A-Za-z0-9._~%/-]*)?$/;

export function consoleReturnPath(value: unknown): string | null {
  return typeof value === 'string' && CONSOLE_PATH.test(value) && !value.includes('//') ? value : null;
}
