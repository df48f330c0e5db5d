/**
 * Every page under views/ is declared with its locals in src/pages.ts, and a page rendered with the
 * wrong locals does not compile. Mails (views/email/), layouts and partials (`_name.pug`) are not
 * pages. The compile-time half is `wrongLocals` below: `npm run typecheck` fails if any of its
 * lines compiles.
 */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

import type { Context } from 'koa';

import { showConsolePage } from '../../src/admin/console/showPage.js';
import { createViews, viewsDirectory, type Views } from '../../src/http/views.js';
import { pageNames } from '../../src/pages.js';
import type { SignedIn } from '../../src/sessions/accountSession.js';
import type { StepDeps } from '../../src/steps/deps.js';

/** Page names (`consent`, `admin/apps`) of the .pug files under `dir`, in every folder but the mails'. */
function pagesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'email' ? [] : pagesUnder(path);
    if (!entry.name.endsWith('.pug') || entry.name === 'layout.pug' || entry.name.startsWith('_')) return [];
    return [relative(viewsDirectory, path).slice(0, -'.pug'.length).split(sep).join('/')];
  });
}

describe('pages', () => {
  it('declares every page under views/ in src/pages.ts, and no page that is not there', () => {
    const files = pagesUnder(viewsDirectory);
    expect(files.length).toBeGreaterThan(20);
    expect([...pageNames].sort()).toEqual(files.sort());
  });

  it('renders a declared page with its locals, and refuses a name that is no page', () => {
    const views = createViews({ siteName: 'Passkey ID' });
    expect(views.render('recover', { email: 'ada@example.com' })).toContain('ada@example.com');
    expect(() => views.render('sign-on' as 'home', {})).toThrow('no view named sign-on');
  });
});

/** Never called: each line is a mistake the compiler must refuse (an unused @ts-expect-error fails the typecheck). */
export function wrongLocals(views: Views): void {
  // @ts-expect-error -- the sign-up page names the app: clientName is missing
  views.render('sign-up', { uid: 'abc' });
  // @ts-expect-error -- the invitation's expiry is a Date, not text
  views.render('invitation', { email: 'ada@example.com', groups: [], administrator: false, expiresAt: '2026-12-31' });
  // @ts-expect-error -- no page reads `title` (each names itself in its own block title)
  views.render('recover', { email: 'ada@example.com', title: 'Add a new passkey' });
  // @ts-expect-error -- there is no page by that name
  views.render('sign-on', {});
  // @ts-expect-error -- a console page needs the console frame's locals
  views.render('admin/apps', { apps: [] });
}

/** Never called: each console page's own locals are checked too, not only the frame's. */
export function wrongConsoleLocals(deps: StepDeps, ctx: Context, signedIn: SignedIn): void {
  const options = { section: 'apps', heading: 'Apps' } as const;
  // @ts-expect-error -- the apps page lists apps, not their names
  showConsolePage(deps, ctx, signedIn, 'apps', options, { apps: ['Wiki'] });
  // @ts-expect-error -- the overview's counts are missing
  showConsolePage(deps, ctx, signedIn, 'overview', options, {});
  // @ts-expect-error -- the people page reads nothing called `cursor`
  showConsolePage(deps, ctx, signedIn, 'people', options, { people: [], search: '', nextPage: null, cursor: 'abc' });
  // @ts-expect-error -- there is no console page by that name
  showConsolePage(deps, ctx, signedIn, 'app-edit', options, {});
}
