/**
 * POST /admin/api-keys { name, scope, expires } — a key for the admin API, made by this
 * administrator (it stops working when they stop administering) and shown this once
 * (src/admin/apiKeys.ts). A scope other than read-write makes a read-only key.
 */
import type { StepDeps } from '../../../steps/deps.js';
import type { Step } from '../../../steps/step.js';
import { issueApiKey } from '../../apiKeys.js';
import { actorOf, adminDeps } from '../consoleDeps.js';
import { fieldErrorOf } from '../formInput.js';
import { showApiKeysPage } from './apiKeysPage.js';

export const apiKeyFields = { name: 'string', scope: 'string?', expires: 'string?' } as const;

export function createApiKeyStep(deps: StepDeps): Step<'admin', typeof apiKeyFields> {
  return async function createApiKey(ctx, { signedIn, fields }) {
    let issued;
    try {
      issued = await issueApiKey(adminDeps(deps), actorOf(ctx, signedIn), {
        name: fields.name, scope: fields.scope === 'read-write' ? 'read-write' : 'read-only', expiresIn: fields.expires || undefined,
      });
    } catch (error) {
      const errors = fieldErrorOf(error, { api_key_name_invalid: 'name', api_key_lifetime_invalid: 'expires' });
      if (!errors) throw error;
      await showApiKeysPage(deps, ctx, signedIn, { values: fields, errors, status: 400 });
      return;
    }
    await showApiKeysPage(deps, ctx, signedIn, { key: issued.key });
  };
}
