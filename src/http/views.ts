/**
 * Pug pages, compiled once at start-up (never per request) and rendered with the locals every page
 * shares (the provider's name). Pages extend views/layout.pug.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import pug from 'pug';

import { projectRoot } from '../paths.js';

export const viewsDirectory = join(projectRoot, 'views');

export interface Views {
  render(name: string, locals?: Record<string, unknown>): string;
}

export function createViews(shared: Record<string, unknown>, directory = viewsDirectory): Views {
  const compiled = new Map<string, pug.compileTemplate>();
  for (const file of readdirSync(directory)) {
    if (!file.endsWith('.pug') || file === 'layout.pug') continue;
    compiled.set(file.slice(0, -4), pug.compileFile(join(directory, file), { basedir: directory }));
  }
  return {
    render(name, locals = {}) {
      const template = compiled.get(name);
      if (!template) throw new Error(`no view named ${name}`);
      return template({ ...shared, ...locals });
    },
  };
}
