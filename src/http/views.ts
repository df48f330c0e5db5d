/**
 * Pug pages, compiled once at start-up (never per request) and rendered with the locals every page
 * shares: the provider's name and branding, and the request's language (src/i18n/): `t` for text,
 * `tHtml` for text with markup (values escaped), `formatTime`, the `lang` attribute, the switcher's
 * languages, and the messages the page's scripts say (public/js/common.js reads them).
 * Pages extend views/layout.pug; the console's pages (views/admin/) extend views/admin/_console.pug.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pug from 'pug';

import { formatTime } from '../formatTime.js';
import { LANGUAGES, languageNames } from '../i18n/languages.js';
import { currentLanguage, currentReturnPath } from '../i18n/requestLanguage.js';
import { t, tHtml } from '../i18n/t.js';
import { clientMessages } from '../i18n/clientMessages.js';
import type { PageLocals, PageName } from '../pages.js';
import { projectRoot } from '../paths.js';

export const viewsDirectory = join(projectRoot, 'views');

/** Renders a page with the locals it declares (src/pages.ts), on top of those every page shares. */
export interface Views {
  render<P extends PageName>(name: P, locals: PageLocals[P]): string;
}

/** Folders of views/ that hold pages (views/email/ holds mails, rendered by src/email/). */
const PAGE_FOLDERS = ['admin'];

const languages = LANGUAGES.map((code) => ({ code, name: languageNames[code] }));

function languageLocals(): Record<string, unknown> {
  const lang = currentLanguage();
  return {
    lang, t, tHtml, formatTime, languages, returnTo: currentReturnPath(),
    clientMessages: clientMessages(lang),
  };
}

export function createViews(shared: Record<string, unknown>, directory = viewsDirectory): Views {
  const compiled = new Map<string, pug.compileTemplate>();
  // Pages at the top and in the console's folder (`admin/apps`); its layout and partials start with `_`.
  for (const folder of [null, ...PAGE_FOLDERS]) {
    if (folder && !existsSync(join(directory, folder))) continue;
    const files = readdirSync(join(directory, folder ?? ''), { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name);
    for (const file of files) {
      if (!file.endsWith('.pug') || file === 'layout.pug' || file.startsWith('_')) continue;
      const name = folder ? `${folder}/${file.slice(0, -4)}` : file.slice(0, -4);
      compiled.set(name, pug.compileFile(join(directory, folder ?? '', file), { basedir: directory }));
    }
  }
  return {
    render(name, locals) {
      const template = compiled.get(name);
      if (!template) throw new Error(`no view named ${name}`);
      return template({ ...shared, ...languageLocals(), ...locals });
    },
  };
}
