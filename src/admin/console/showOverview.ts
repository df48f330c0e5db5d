/** GET /admin — the console's start: how many apps, people, groups, open invitations and API keys there are. */
import { listInvitations } from '../../access/invitations.js';
import { t } from '../../i18n/t.js';
import type { StepDeps } from '../../steps/deps.js';
import type { Step } from '../../steps/step.js';
import { showConsolePage } from './showPage.js';

export function showOverview(deps: StepDeps): Step<'admin'> {
  return async function showOverviewPage(ctx, { signedIn }) {
    const { store } = deps;
    const [apps, people, groups, invitations, apiKeys] = await Promise.all([
      store.oidc.list('Client'), store.people.list(), store.groups.list(), listInvitations(store), store.apiKeys.list(),
    ]);
    showConsolePage(deps, ctx, signedIn, 'overview', { section: 'overview', heading: t('console.overview.heading') }, {
      counts: { apps: apps.length, people: people.length, groups: groups.length, invitations: invitations.length, apiKeys: apiKeys.length },
    });
  };
}
