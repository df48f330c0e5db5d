/**
 * GET /admin/people?search=&cursor= — people by email address, 50 a page, found by part of their
 * address or name (src/admin/people.ts). The search is a plain GET form: it works without script.
 */
import { t } from '../../../i18n/t.js';
import type { StepDeps } from '../../../steps/deps.js';
import type { Step } from '../../../steps/step.js';
import { listPeople } from '../../people.js';
import { showConsolePage } from '../showPage.js';

const PAGE_SIZE = 50;

export function showPeople(deps: StepDeps): Step<'admin'> {
  return async function showPeoplePage(ctx, { signedIn }) {
    const search = typeof ctx.query.search === 'string' ? ctx.query.search.slice(0, 200) : '';
    const cursor = typeof ctx.query.cursor === 'string' ? ctx.query.cursor : undefined;
    const page = await listPeople(deps.store, { search: search || undefined, cursor, limit: PAGE_SIZE });
    const nextPage = page.nextCursor ? `/admin/people?${new URLSearchParams({ ...(search ? { search } : {}), cursor: page.nextCursor })}` : null;
    showConsolePage(deps, ctx, signedIn, 'people', { section: 'people', heading: t('console.people.heading') }, { people: page.people, search, nextPage });
  };
}
