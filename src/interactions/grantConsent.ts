/**
 * POST /interaction/:uid/consent — the person allows the app what it asked for. The grant holds
 * exactly the scopes and claims the consent prompt listed as missing, so a new scope asks again.
 */
import { auditRequest } from '../audit/auditRequest.js';
import { PublicError } from '../errors/publicError.js';
import { grantLifetime } from '../oidc/tokenLifetimes.js';
import type { StepDeps } from '../steps/deps.js';
import type { Step } from '../steps/step.js';

interface ConsentDetails {
  missingOIDCScope?: string[];
  missingOIDCClaims?: string[];
  missingResourceScopes?: Record<string, string[]>;
}

export function grantConsent(deps: StepDeps): Step<'interaction'> {
  const { provider } = deps;
  return async function grantConsentStep(ctx, { interaction }) {
    if (interaction.prompt.name !== 'consent' || !interaction.session?.accountId) {
      throw new PublicError('interaction_expired', `consent posted during prompt ${interaction.prompt.name}`);
    }
    const { accountId } = interaction.session;
    const clientId = String(interaction.params.client_id);
    const grant = interaction.grantId
      ? await provider.Grant.find(interaction.grantId)
      : new provider.Grant({ accountId, clientId });
    if (!grant) throw new PublicError('interaction_expired', 'grant vanished');
    const details = interaction.prompt.details as ConsentDetails;
    if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
    if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(details.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    // Saved outside oidc-provider's request context, the grant cannot find its app's lifetime itself.
    (grant as { expiresIn?: number }).expiresIn = grantLifetime(await provider.Client.find(clientId));
    const grantId = await grant.save();
    await auditRequest(deps, ctx, {
      type: 'app_granted', personId: accountId, email: (await deps.store.people.findById(accountId))?.email ?? null, clientId,
      detail: { scopes: details.missingOIDCScope ?? [] },
    });
    await provider.interactionFinished(ctx.req, ctx.res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    ctx.respond = false;
  };
}
