/** The API keys page: every key (never its secret), who made it, and a key just made (shown once). */
import type { Context } from 'koa';

import { t } from '../../../i18n/t.js';
import type { SignedIn } from '../../../sessions/accountSession.js';
import type { StepDeps } from '../../../steps/deps.js';
import { listApiKeys } from '../../apiKeys.js';
import type { FieldErrors } from '../formInput.js';
import { showConsolePage } from '../showPage.js';

export async function showApiKeysPage(
  deps: StepDeps,
  ctx: Context,
  signedIn: SignedIn,
  state: { values?: Record<string, unknown>; errors?: FieldErrors; status?: number; key?: string } = {},
) {
  const { key = null, ...form } = state;
  const keys = await Promise.all((await listApiKeys(deps.store)).map(async (apiKey) => ({
    ...apiKey,
    madeBy: apiKey.createdBy ? (await deps.store.people.findById(apiKey.createdBy))?.email ?? apiKey.createdBy : t('console.apiKeys.madeByCommand'),
  })));
  showConsolePage(deps, ctx, signedIn, 'api-keys', { section: 'apiKeys', heading: t('console.apiKeys.heading'), ...form }, { keys, key });
}
