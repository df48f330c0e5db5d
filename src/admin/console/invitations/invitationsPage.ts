/** The invitations page: open invitations, the form for a new one, and a link just made (shown once). */
import type { Context } from 'koa';

import { listGroups } from '../../../access/groups.js';
import { listInvitations } from '../../../access/invitations.js';
import { t } from '../../../i18n/t.js';
import type { SignedIn } from '../../../sessions/accountSession.js';
import type { StepDeps } from '../../../steps/deps.js';
import type { FieldErrors } from '../formInput.js';
import { showConsolePage } from '../showPage.js';

export async function showInvitationsPage(
  deps: StepDeps,
  ctx: Context,
  signedIn: SignedIn,
  state: { values?: Record<string, unknown>; errors?: FieldErrors; status?: number; link?: string; invited?: string } = {},
) {
  const { link = null, invited = null, ...form } = state;
  const [invitations, groups] = await Promise.all([listInvitations(deps.store), listGroups(deps.store)]);
  showConsolePage(deps, ctx, signedIn, 'invitations', { section: 'invitations', heading: t('console.invitations.heading'), ...form }, {
    invitations, groupNames: groups.map((group) => group.name), link, invited,
  });
}
