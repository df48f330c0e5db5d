/** The group pages of the console: the list with its form for a new group, and one group with its members. */
import type { Context } from 'koa';

import { listGroups, listMembers } from '../../../access/groups.js';
import { t } from '../../../i18n/t.js';
import type { SignedIn } from '../../../sessions/accountSession.js';
import type { StepDeps } from '../../../steps/deps.js';
import type { FieldErrors } from '../formInput.js';
import { showConsolePage } from '../showPage.js';

export interface FormState { values?: Record<string, unknown>; errors?: FieldErrors; status?: number }

export async function showGroupsPage(deps: StepDeps, ctx: Context, signedIn: SignedIn, form: FormState = {}) {
  showConsolePage(deps, ctx, signedIn, 'groups', { section: 'groups', heading: t('console.groups.heading'), ...form }, {
    groups: await listGroups(deps.store),
  });
}

export async function showGroupPage(deps: StepDeps, ctx: Context, signedIn: SignedIn, name: string, form: FormState = {}) {
  const { group, members } = await listMembers(deps.store, name);
  const values = { description: group.description ?? '', isDefault: group.isDefault ? 'yes' : '', ...form.values };
  showConsolePage(deps, ctx, signedIn, 'group', { section: 'groups', heading: group.name, ...form, values }, { group, members });
}

export function groupPath(name: string): string {
  return `/admin/groups/${encodeURIComponent(name)}`;
}
