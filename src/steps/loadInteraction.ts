/**
 * Finds the interaction a request belongs to. oidc-provider reads it from the interaction cookie,
 * which the browser only sends to /interaction/<uid>; the uid in the path must name the same one,
 * so a page of one sign-in can never act on another.
 */
import type { Context } from 'koa';
import type Provider from 'oidc-provider';

import { PublicError } from '../errors/publicError.js';
import { preferUiLocales } from '../i18n/requestLanguage.js';

export type InteractionDetails = Awaited<ReturnType<Provider['interactionDetails']>>;

export async function loadInteraction(provider: Provider, ctx: Context): Promise<InteractionDetails> {
  const interaction = await provider.interactionDetails(ctx.req, ctx.res);
  if (interaction.uid !== ctx.params.uid) throw new PublicError('interaction_expired', 'uid in path differs from cookie');
  // The app may have asked for the pages' language (OpenID Connect Core §3.1.2.1, ui_locales).
  preferUiLocales(interaction.params.ui_locales);
  return interaction;
}
