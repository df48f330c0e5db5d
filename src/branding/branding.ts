/**
 * The operator's branding (settings LOGO, LOGO_DARK, FAVICON, ACCENT_COLOR, SUPPORT_CONTACT,
 * PRIVACY_URL, TERMS_URL): read once at start-up and served from this site (the CSP allows images
 * and styles from 'self' only, and mails link only under the issuer), under /branding/ with a
 * content hash in the address so that a new logo is seen at once.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { Context, Next } from 'koa';

import { contrastRatio, type Settings } from '../config/settings.js';
import { assetOf, serveAssets, type Asset } from '../http/staticAssets.js';
import type { Language } from '../i18n/languages.js';
import { translate } from '../i18n/translate.js';

/** How mails look: the accent colour of the button, the logo above, and the links below. */
export interface MailBranding {
  accent: string;
  accentInk: string;
  /** Absolute URL under the issuer, or null for the provider's name in text. */
  logoUrl: string | null;
  footerLinks: Array<{ label: string; href: string }>;
}

/** What the pages' layout shows: addresses under this site, or null. */
export interface PageBranding {
  logo: string | null;
  logoDark: string | null;
  favicon: string | null;
  stylesheet: string | null;
  support: { text: string; href: string } | null;
  privacyUrl: string | null;
  termsUrl: string | null;
}

export interface Branding {
  page: PageBranding;
  mail: (language: Language) => MailBranding;
  serve: (ctx: Context, next: Next) => Promise<void>;
}


/** The surfaces of the dark scheme (public/css/site.css): the card and the page. */
const DARK_SURFACES = ['#181e2b', '#0e121a'];

function mix(color: string, toward: string, amount: number): string {
  const channel = (hex: string, i: number) => parseInt(hex.slice(i, i + 2), 16);
  return `#${[1, 3, 5].map((i) => Math.round(channel(color, i) + (channel(toward, i) - channel(color, i)) * amount).toString(16).padStart(2, '0')).join('')}`;
}

/** The accent for dark mode: the operator's colour lightened until text and rings in it read on the dark surfaces. */
export function darkAccent(accent: string): string {
  for (let amount = 0; amount <= 1; amount += 0.05) {
    const candidate = mix(accent, '#ffffff', amount);
    if (DARK_SURFACES.every((surface) => contrastRatio(candidate, surface) >= 4.5)) return candidate;
  }
  return '#ffffff';
}

/** Ink for text on a button of `background`: whichever of white and near-black reads better. */
function inkOn(background: string): string {
  return contrastRatio(background, '#ffffff') >= contrastRatio(background, '#0e121a') ? '#ffffff' : '#0e121a';
}

export function accentStylesheet(accent: string): string {
  const dark = darkAccent(accent);
  return `:root { --accent: ${accent}; --focus: ${accent}; --accent-ink: ${inkOn(accent)}; }\n`
    + `@media (prefers-color-scheme: dark) { :root { --accent: ${dark}; --focus: ${dark}; --accent-ink: ${inkOn(dark)}; } }\n`;
}

export function loadBranding(settings: Settings): Branding {
  const assets = new Map<string, Asset>();
  const add = (name: string, body: Buffer, extension: string): string => {
    const found = assetOf(body, extension);
    const path = `/branding/${name}${extension}`;
    assets.set(path, found);
    return `${path}?v=${found.etag.slice(1, 9)}`;
  };
  const file = (name: string, path: string | null | undefined) => (path ? add(name, readFileSync(path), extname(path).toLowerCase()) : null);

  const logo = file('logo', settings.logo);
  const logoDark = file('logo-dark', settings.logoDark);
  const favicon = file('favicon', settings.favicon);
  if (settings.favicon) assets.set('/favicon.ico', assets.get(favicon!.split('?')[0]!)!);
  const stylesheet = settings.accentColor ? add('accent', Buffer.from(accentStylesheet(settings.accentColor)), '.css') : null;
  const contact = settings.supportContact ?? null;
  const support = contact ? { text: contact.replace(/^https:\/\//, ''), href: contact.includes('@') && !contact.startsWith('https:') ? `mailto:${contact}` : contact } : null;
  const page: PageBranding = {
    logo, logoDark, favicon, stylesheet, support, privacyUrl: settings.privacyUrl ?? null, termsUrl: settings.termsUrl ?? null,
  };

  const accent = settings.accentColor ?? '#1d4ed8';
  return {
    page,
    mail: (language) => ({
      accent,
      accentInk: inkOn(accent),
      // Mail clients fetch images from the issuer; the logo (light) stands on the mail's white card.
      logoUrl: logo ? `${settings.issuer}${logo}` : null,
      footerLinks: [
        ...(support ? [{ label: translate(language, 'layout.support', { contact: support.text }), href: support.href }] : []),
        ...(page.privacyUrl ? [{ label: translate(language, 'layout.privacy'), href: page.privacyUrl }] : []),
        ...(page.termsUrl ? [{ label: translate(language, 'layout.terms'), href: page.termsUrl }] : []),
      ],
    }),
    serve: serveAssets(assets, 86_400),
  };
}
