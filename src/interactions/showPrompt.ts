/**
 * GET /interaction/:uid — the page for whatever oidc-provider is asking for: the sign-in page for
 * the `login` prompt, the consent page for `consent`. Changes nothing.
 */
import type { Context } from 'koa';

import { describeScopes } from '../oidc/describeScopes.js';
import type { InteractionDeps } from './deps.js';
import { loadInteraction } from './loadInteraction.js';

export function showPrompt({ provider, views }: InteractionDeps) {
  return async function showPromptPage(ctx: Context): Promise<void> {
    const interaction = await loadInteraction(provider, ctx);
    const client = await provider.Client.find(String(interaction.params.client_id));
    const clientName = client?.clientName ?? 'An application';
    ctx.type = 'html';
    if (interaction.prompt.name === 'consent') {
      const details = interaction.prompt.details as { missingOIDCScope?: string[] };
      const scopes = describeScopes(details.missingOIDCScope ?? []);
      ctx.body = views.render('consent', { title: `Allow ${clientName}?`, uid: interaction.uid, clientName, scopes });
      return;
    }
    ctx.body = views.render('sign-in', {
      title: 'Sign in',
      uid: interaction.uid,
      clientName,
      loginHint: typeof interaction.params.login_hint === 'string' ? interaction.params.login_hint : '',
    });
  };
}
