/**
 * GET /interaction/:uid — the page for whatever oidc-provider is asking for: the sign-in page for
 * the `login` prompt, the consent page for `consent`, and the refusal page when the app's access
 * rule turned the signed-in person away (`app_access`, src/oidc/appAccessPrompt.ts). Changes nothing.
 * The sign-in page carries the passkey options of the ceremony its interaction was created with
 * (src/passkeys/signInCeremony.ts), so the browser starts autofill, or the button, without asking
 * for them; when there are none left worth using, the page asks (startPasskeySignIn.ts).
 * Both name the app with its logo (src/clients/appOnPage.ts); consent also names the account that
 * is signed in and the domain the app will get the person back at.
 */
import { offersOpenSignUp } from '../access/signUpPolicy.js';
import { appOnPage, returnDomain } from '../clients/appOnPage.js';
import { allowImagesFrom } from '../http/securityHeaders.js';
import { t } from '../i18n/t.js';
import { APP_ACCESS_PROMPT, isAppAccessRefusal } from '../oidc/appAccessPrompt.js';
import { describeScopes } from '../oidc/describeScopes.js';
import { signInOptions } from '../passkeys/signInCeremony.js';
import type { StepDeps } from '../steps/deps.js';
import type { Step } from '../steps/step.js';

/** Options with less time left than this are not worth a person's start: the page asks for new ones. */
const INLINE_OPTIONS_MIN_MS = 60_000;

export function showPrompt({ provider, store, passkeys, views, settings, now }: StepDeps): Step<'interaction'> {
  return async function showPromptPage(ctx, { interaction }) {
    const client = await provider.Client.find(String(interaction.params.client_id));
    const app = appOnPage(client?.metadata());
    const clientName = app.name ?? t('common.unknownApp');
    allowImagesFrom(ctx, [app.logoUri]);
    ctx.type = 'html';
    if (interaction.prompt.name === APP_ACCESS_PROMPT) {
      const details = interaction.prompt.details;
      const person = interaction.session?.accountId ? await store.people.findById(interaction.session.accountId) : null;
      ctx.body = views.render('access-refused', {
        uid: interaction.uid,
        clientName,
        reason: isAppAccessRefusal(details) ? details.reason : 'account_gone',
        email: person?.email ?? '',
      });
      return;
    }
    if (interaction.prompt.name === 'consent') {
      const details = interaction.prompt.details as { missingOIDCScope?: string[] };
      const scopes = describeScopes(details.missingOIDCScope ?? []);
      const account = interaction.session?.accountId ? await store.people.findById(interaction.session.accountId) : null;
      const domain = returnDomain(interaction.params.redirect_uri);
      ctx.body = views.render('consent', { uid: interaction.uid, clientName, app, domain, email: account?.email ?? null, scopes });
      return;
    }
    const ceremony = await store.oidc.findCeremony(interaction.uid);
    const at = now();
    const usable = ceremony && ceremony.allowCredentialIds.length === 0 && ceremony.expiresAt.getTime() - at >= INLINE_OPTIONS_MIN_MS;
    ctx.body = views.render('sign-in', {
      uid: interaction.uid,
      clientName,
      app,
      // Under SIGN_UP=invite or closed, strangers are not offered an account (src/access/signUpPolicy.ts).
      offersSignUp: offersOpenSignUp(settings),
      passkeyOptions: usable ? JSON.stringify(signInOptions(passkeys.rp, ceremony, at)) : null,
      loginHint: typeof interaction.params.login_hint === 'string' ? interaction.params.login_hint : '',
    });
  };
}
