/**
 * Sign-up, inside a sign-in of an app:
 *   GET  /interaction/:uid/signup          the page
 *   POST /interaction/:uid/signup          { email, name? }  → a code is mailed (see sendSignUpCode)
 *   POST /interaction/:uid/signup/code     { code }          → passkey creation options
 *   POST /interaction/:uid/signup/passkey  { response }      → account created, signed in; the page
 *                                                             then offers a backup passkey (src/account)
 * The passkey is bound only after the address is proven, and only to the identity the
 * registration ceremony was started for (its state), never to anything in the request body.
 * Only under SIGN_UP=open, and at an allowed domain (src/access/signUpPolicy.ts): otherwise the page
 * is a plain refusal and every step answers 403, writing and mailing nothing. Invited people
 * create their account on the invitation's page instead (invitationSteps.ts).
 */
import type { Context } from 'koa';

import { AccessError } from '../access/errors.js';
import { joinNewAccountGroups } from '../access/newAccounts.js';
import { checkOpenSignUp, offersOpenSignUp } from '../access/signUpPolicy.js';
import { backupPasskeyPath } from '../account/steps/backupPasskeySteps.js';
import { checkEmail, checkName } from '../accounts/checkProfile.js';
import { createAccount } from '../accounts/createAccount.js';
import { auditRequest } from '../audit/auditRequest.js';
import { newIdentity } from '../accounts/newIdentity.js';
import { interactionBinding } from '../ceremonies/bindings.js';
import { readFields } from '../http/readBody.js';
import { describeBrowser } from '../passkeys/describeBrowser.js';
import { finishRegistration } from '../passkeys/finishRegistration.js';
import { startRegistration } from '../passkeys/startRegistration.js';
import { confirmSignUpCode } from '../signup/confirmSignUpCode.js';
import { sendSignUpCode } from '../signup/sendSignUpCode.js';
import type { InteractionDeps } from './deps.js';
import { loadInteraction } from './loadInteraction.js';
import { signInAccount } from './signInAccount.js';

export function showSignUp({ provider, views, settings }: InteractionDeps) {
  return async function showSignUpPage(ctx: Context): Promise<void> {
    if (!offersOpenSignUp(settings)) throw new AccessError('sign_up_closed', `SIGN_UP=${settings.signUp}`);
    const interaction = await loadInteraction(provider, ctx);
    const client = await provider.Client.find(String(interaction.params.client_id));
    ctx.type = 'html';
    ctx.body = views.render('sign-up', { title: 'Create an account', uid: interaction.uid, clientName: client?.clientName ?? 'An application' });
  };
}

export function requestSignUpCode({ provider, store, mailer, settings, now }: InteractionDeps) {
  return async function requestSignUpCodeStep(ctx: Context): Promise<void> {
    const interaction = await loadInteraction(provider, ctx);
    const fields = await readFields(ctx, { email: 'string', name: 'string?' });
    const email = checkEmail(fields.email);
    checkOpenSignUp(settings, email);
    await sendSignUpCode({ store, mailer, now }, {
      binding: interactionBinding(interaction.uid),
      email,
      name: checkName(fields.name),
      clientIp: ctx.ip,
      signInUrl: `${settings.issuer}/interaction/${interaction.uid}`,
    });
    ctx.body = { next: 'code', email };
  };
}

export function confirmSignUp({ provider, store, passkeys, settings }: InteractionDeps) {
  return async function confirmSignUpStep(ctx: Context): Promise<void> {
    const interaction = await loadInteraction(provider, ctx);
    const { code } = await readFields(ctx, { code: 'string' });
    const binding = interactionBinding(interaction.uid);
    const proven = await confirmSignUpCode(store, { binding, code });
    // The policy may have changed (a restart with another SIGN_UP) since the code was mailed.
    checkOpenSignUp(settings, proven.email);
    const identity = newIdentity();
    ctx.body = {
      next: 'passkey',
      options: await startRegistration(passkeys, {
        kind: 'sign-up-passkey',
        binding,
        user: { webauthnUserId: identity.webauthnUserId, email: proven.email, name: proven.name },
        personId: null,
        state: { ...identity, email: proven.email, name: proven.name },
      }),
    };
  };
}

export function finishSignUp(deps: InteractionDeps) {
  const { provider, store, passkeys, settings, now } = deps;
  return async function finishSignUpStep(ctx: Context): Promise<void> {
    const interaction = await loadInteraction(provider, ctx);
    const { response } = await readFields(ctx, { response: 'object' });
    const { ceremony, credential } = await finishRegistration(passkeys, {
      kind: 'sign-up-passkey',
      binding: interactionBinding(interaction.uid),
      response,
      createdIn: describeBrowser(ctx.get('User-Agent')),
    });
    const { id, webauthnUserId, email, name } = ceremony.state;
    checkOpenSignUp(settings, email);
    const account = await createAccount(store, { id, webauthnUserId, email, name, emailVerified: true }, credential);
    await joinNewAccountGroups(store, account.person, null);
    const redirectTo = await signInAccount(interaction, account.person.id, account.credential, now());
    await auditRequest(deps, ctx, {
      type: 'sign_up', personId: account.person.id, email: account.person.email,
      clientId: typeof interaction.params.client_id === 'string' ? interaction.params.client_id : null,
      detail: { credentialId: account.credential.id },
    });
    // The page passes through the offer of a backup passkey (skippable) on its way to `redirectTo`.
    ctx.body = { redirectTo, backupPasskeyAt: backupPasskeyPath(interaction.uid) };
  };
}
