/**
 * Formats catalog messages (ICU MessageFormat through FormatJS's intl-messageformat), each compiled
 * once per language. `translate` gives plain text (a tag keeps its content and loses its markup:
 * titles, scripts, mails' text parts); `translateHtml` escapes the message's values and turns its
 * tags into markup the caller chooses, for pages and HTML mails. Catalog text itself is ours and
 * trusted; only values are escaped.
 */
import { IntlMessageFormat } from 'intl-messageformat';

import { type Language } from './languages.js';
import { de } from './messages/de.js';
import { en, type MessageKey, type Messages } from './messages/en.js';
import { es } from './messages/es.js';
import { fr } from './messages/fr.js';

export const catalogs: Record<Language, Messages> = { en, de, fr, es };

export type MessageValues = Record<string, string | number | Date | boolean | null | undefined>;

interface Compiled { format: IntlMessageFormat; tags: string[] }

const compiled = new Map<string, Compiled>();

/** The names of the tags in a parsed message (element type 8 is a tag in @formatjs/icu-messageformat-parser). */
export function tagNames(ast: unknown): string[] {
  const names = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const element = node as { type?: number; value?: unknown; children?: unknown; options?: Record<string, { value: unknown }> };
    if (element.type === 8 && typeof element.value === 'string') names.add(element.value);
    if (element.children) walk(element.children);
    if (element.options) Object.values(element.options).forEach((option) => walk(option.value));
  };
  walk(ast);
  return [...names];
}

function compile(language: Language, key: MessageKey): Compiled {
  const id = `${language} ${key}`;
  let found = compiled.get(id);
  if (!found) {
    const format = new IntlMessageFormat(catalogs[language][key], language);
    found = { format, tags: tagNames(format.getAst()) };
    compiled.set(id, found);
  }
  return found;
}

function plain(values: MessageValues): Record<string, string | number | Date> {
  const out: Record<string, string | number | Date> = {};
  for (const [name, value] of Object.entries(values)) {
    out[name] = value === null || value === undefined ? '' : typeof value === 'boolean' ? (value ? 'yes' : 'no') : value;
  }
  return out;
}

function joined(result: unknown): string {
  return Array.isArray(result) ? result.join('') : String(result);
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

export function translate(language: Language, key: MessageKey, values: MessageValues = {}): string {
  const { format, tags } = compile(language, key);
  const all: Record<string, unknown> = plain(values);
  for (const tag of tags) all[tag] = (chunks: unknown[]) => chunks.join('');
  return joined(format.format(all as never));
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c]!);
}

/** Opening tags for a message's tags: `{ a: '<a href="/account">' }`; others become `<name>`. */
export type TagMarkup = Record<string, string>;

export function translateHtml(language: Language, key: MessageKey, values: MessageValues = {}, markup: TagMarkup = {}): string {
  const { format, tags } = compile(language, key);
  const all: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(plain(values))) all[name] = typeof value === 'string' ? escapeHtml(value) : value;
  for (const tag of tags) {
    const open = markup[tag] ?? `<${tag}>`;
    const close = `</${/^<([a-z0-9]+)/i.exec(open)?.[1] ?? tag}>`;
    all[tag] = (chunks: unknown[]) => `${open}${chunks.join('')}${close}`;
  }
  return joined(format.format(all as never));
}
