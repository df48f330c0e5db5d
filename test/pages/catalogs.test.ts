/**
 * The message catalogs (src/i18n/messages/): every shipped language has every key of the English
 * one, no other, and each message takes the same ICU arguments (of the same kind) and the same tags,
 * so that no page, mail or error falls back to a key or loses a value in another language. The
 * pages' scripts format their messages with a small formatter of their own (public/js/common.js):
 * it must say exactly what intl-messageformat says.
 */
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';

import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';

import { catalog as errorCatalog } from '../../src/errors/catalog.js';
import { LANGUAGES } from '../../src/i18n/languages.js';
import { en } from '../../src/i18n/messages/en.js';
import { catalogs, translate, translateHtml } from '../../src/i18n/translate.js';

/** "name:kind" for every argument and "<tag>" for every tag of a message, nested ones included. */
function signature(message: string): string[] {
  const found = new Set<string>();
  const walk = (elements: MessageFormatElement[]): void => {
    for (const element of elements) {
      if (element.type === TYPE.argument) found.add(`${element.value}:text`);
      if (element.type === TYPE.number) found.add(`${element.value}:number`);
      if (element.type === TYPE.date || element.type === TYPE.time) found.add(`${element.value}:date`);
      if (element.type === TYPE.plural) found.add(`${element.value}:plural`);
      if (element.type === TYPE.select) found.add(`${element.value}:select`);
      if (element.type === TYPE.tag) {
        found.add(`<${element.value}>`);
        walk(element.children);
      }
      if (element.type === TYPE.plural || element.type === TYPE.select) {
        for (const option of Object.values(element.options)) walk(option.value);
      }
    }
  };
  walk(parse(message));
  return [...found].sort();
}

const others = LANGUAGES.filter((language) => language !== 'en');

describe('message catalogs', () => {
  it('ships German, French and Spanish beside English', () => {
    expect([...LANGUAGES].sort()).toEqual(['de', 'en', 'es', 'fr']);
  });

  it.each(others)('%s has exactly the keys of the English catalog', (language) => {
    const keys = Object.keys(catalogs[language]);
    expect(Object.keys(en).filter((key) => !keys.includes(key))).toEqual([]);
    expect(keys.filter((key) => !Object.hasOwn(en, key))).toEqual([]);
  });

  it.each(others)('%s messages take the same ICU arguments and tags as the English ones', (language) => {
    const differing = Object.entries(en)
      .filter(([key, message]) => JSON.stringify(signature(catalogs[language][key as keyof typeof en])) !== JSON.stringify(signature(message)))
      .map(([key]) => key);
    expect(differing).toEqual([]);
  });

  it.each(LANGUAGES)('%s has no empty message, and none left in English', (language) => {
    const messages = Object.entries(catalogs[language]);
    expect(messages.filter(([, text]) => !text.trim()).map(([key]) => key)).toEqual([]);
    if (language === 'en') return;
    // Names, codes and protocol words may be the same in every language; a sentence may not.
    const untranslated = messages.filter(([key, text]) => text === en[key as keyof typeof en] && text.split(' ').length > 2);
    expect(untranslated.map(([key]) => key)).toEqual([]);
  });

  it('never names a tag and a value alike: intl-messageformat looks both up by one name, and the tag would print in place of the value', () => {
    const clashing = Object.entries(en).filter(([, message]) => {
      const parts = signature(message);
      return parts.some((part) => part.startsWith('<') && parts.some((other) => other.startsWith(`${part.slice(1, -1)}:`)));
    });
    expect(clashing.map(([key]) => key)).toEqual([]);
    expect(translateHtml('en', 'account.app.since', { at: '3 March 2026' }, { time: '<time datetime="2026-03-03">' })).toBe('Since <time datetime="2026-03-03">3 March 2026</time>');
  });

  it('has every public message of the error catalog, in English as the catalog words it', () => {
    for (const [code, { message }] of Object.entries(errorCatalog)) {
      expect(translate('en', `error.${code}` as keyof typeof en)).toBe(message);
    }
  });

  it('writes plurals with ICU rules, not by adding an "s"', () => {
    expect(translate('en', 'mail.codeValid', { minutes: 1 })).toBe('The code is valid for 1 minute.');
    expect(translate('en', 'mail.codeValid', { minutes: 10 })).toBe('The code is valid for 10 minutes.');
    expect(translate('de', 'js.othersEnded', { count: 1 })).toBe('Du wurdest von 1 anderen Sitzung abgemeldet.');
    expect(translate('fr', 'js.othersEnded', { count: 2 })).toBe('Vous avez été déconnecté de 2 autres sessions.');
  });

  describe("the pages' own formatter (public/js/common.js)", () => {
    const source = readFileSync(new URL('../../public/js/common.js', import.meta.url), 'utf8');

    function scriptFormatterFor(language: string) {
      const messages = Object.fromEntries(Object.entries(catalogs[language as keyof typeof catalogs]).filter(([key]) => key.startsWith('js.')));
      const window: Record<string, any> = {};
      const document = {
        body: { dataset: { messages: JSON.stringify({ language, messages }) } },
        documentElement: { lang: language },
        querySelectorAll: () => [],
        cookie: '',
      };
      runInNewContext(source, { window, document, location: { protocol: 'http:' }, Intl, Number, String, JSON, Array, Date, isNaN });
      return window.idp.t as (key: string, values?: Record<string, unknown>) => string;
    }

    const samples = { email: 'ada@example.com', minutes: 1, count: 3, name: 'YubiKey “5”', app: 'Notes', problem: 'It failed.', item: 'Passkey 2' };

    it.each(LANGUAGES)('says every script message in %s as intl-messageformat does', (language) => {
      const t = scriptFormatterFor(language);
      for (const key of Object.keys(en).filter((k) => k.startsWith('js.'))) {
        for (const count of [0, 1, 2, 21]) {
          const values = { ...samples, minutes: count, count };
          expect({ key, text: t(key, values) }).toEqual({ key, text: translate(language, key as keyof typeof en, values) });
        }
      }
    });
  });
});
