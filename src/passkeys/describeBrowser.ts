/**
 * A short, human label for where a passkey was made ("Chrome on Linux"), from a User-Agent header.
 * Only for display in the account's passkey list: never trusted for anything. Order matters:
 * most browsers also claim to be Chrome and Safari, so the specific ones are tested first.
 */
const BROWSERS: Array<[RegExp, string]> = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\b(OPR|Opera)\//, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\bVivaldi\//, 'Vivaldi'],
  [/\bYaBrowser\//, 'Yandex Browser'],
  [/\b(Firefox|FxiOS)\//, 'Firefox'],
  [/\b(Headless)?(Chrome|CriOS|Chromium)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
];

const SYSTEMS: Array<[RegExp, string]> = [
  [/\b(iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

export function describeBrowser(userAgent: string | null | undefined): string | null {
  if (!userAgent) return null;
  const ua = userAgent.slice(0, 512);
  const browser = BROWSERS.find(([pattern]) => pattern.test(ua))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(ua))?.[1];
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? (system ? `Browser on ${system}` : null);
}

/**
 * The browser and the system named by a label describeBrowser made ("Chrome on Linux", "Browser on
 * iOS", "Firefox"), for pages that say it in another language; null for a part it does not name.
 */
export function splitBrowserLabel(label: string): { browser: string | null; system: string | null } {
  const on = label.lastIndexOf(' on ');
  if (on < 0) return { browser: label, system: null };
  const browser = label.slice(0, on);
  return { browser: browser === 'Browser' ? null : browser, system: label.slice(on + ' on '.length) };
}
