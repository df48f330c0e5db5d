/**
 * The conformance plans we run, the variant each is created with, and the apps registered for the
 * suite: confidential clients (the suite's `client`, `client2` and `client_secret_post`) whose redirect, post-logout and
 * back-channel logout URIs are the suite's, under one alias.
 */
import { randomBytes } from 'node:crypto';

import { registerApp } from '../../src/clients/relyingApps.js';
import type { Store } from '../../src/store/ports.js';

export interface Plan {
  name: string;
  /** Whether the plan's apps register the suite's back-channel logout URI (a plan that does not expect logout tokens fails on one). */
  backchannelLogout: boolean;
  /** The profile the plan certifies, as the README names it. */
  profile: string;
  variant: Record<string, string>;
}

export const PLANS: Plan[] = [
  { name: 'oidcc-basic-certification-test-plan', profile: 'Basic OP', backchannelLogout: false, variant: { server_metadata: 'discovery', client_registration: 'static_client' } },
  { name: 'oidcc-config-certification-test-plan', profile: 'Config OP', backchannelLogout: false, variant: {} },
  { name: 'oidcc-rp-initiated-logout-certification-test-plan', profile: 'RP-Initiated Logout OP', backchannelLogout: false, variant: { client_registration: 'static_client', response_type: 'code' } },
  { name: 'oidcc-backchannel-rp-initiated-logout-certification-test-plan', profile: 'Back-Channel Logout OP', backchannelLogout: true, variant: { client_registration: 'static_client', response_type: 'code' } },
];

export const ALIAS = 'passkey-id';

export interface SuiteClient {
  client_id: string;
  client_secret: string;
}

/** Registers the suite's two apps for a plan the way an administrator would, PKCE optional (the suite's Basic plan sends none). */
export async function registerSuiteApps(
  store: Store, suiteServer: string, plan: Plan,
): Promise<{ client: SuiteClient; client2: SuiteClient; client_secret_post: SuiteClient }> {
  const base = `${suiteServer.replace(/\/$/, '')}/test/a/${ALIAS}`;
  const register = async (name: string): Promise<SuiteClient> => {
    const { clientId, clientSecret } = await registerApp(store, {
      name,
      redirectUris: [`${base}/callback`],
      postLogoutRedirectUris: [`${base}/post_logout_redirect`],
      backchannelLogoutUri: plan.backchannelLogout ? `${base}/backchannel_logout` : null,
      isPublic: false,
      pkce: 'optional',
    }, { randomBytes: (size) => randomBytes(size), now: () => new Date() });
    return { client_id: clientId, client_secret: clientSecret! };
  };
  const postClient = await register(`Conformance Suite, ${plan.profile} (client_secret_post)`);
  await useClientSecretPost(store, postClient);
  return {
    client: await register(`Conformance Suite, ${plan.profile}`),
    client2: await register(`Conformance Suite, ${plan.profile} (second client)`),
    client_secret_post: postClient,
  };
}

/**
 * The app for the Basic plan's client_secret_post module. Apps registered with `idp` authenticate
 * with client_secret_basic, and oidc-provider accepts only the method an app registered: this one's
 * record names client_secret_post instead.
 */
async function useClientSecretPost(store: Store, { client_id }: SuiteClient): Promise<void> {
  const record = await store.oidc.find('Client', client_id);
  if (!record) throw new Error(`app ${client_id} vanished`);
  await store.oidc.upsert('Client', client_id, { ...record, token_endpoint_auth_method: 'client_secret_post' });
}
