/**
 * /apps: relying apps, their settings and who may use them (src/admin/apps.ts).
 */
import { z } from 'zod';

import { changeApp, createApp, deleteApp, findAppView, listAppViews, rotateSecret, type AppView } from '../../apps.js';
import { checkIfMatch, endpoint, etagOf } from '../endpoint.js';
import {
  appChangesSchema, appSchema, clientIdParams, newAppSchema, registeredAppSchema, rotatedSecretSchema, secretRotationSchema,
} from '../schemas.js';

export function appJson(app: AppView): z.infer<typeof appSchema> {
  return {
    clientId: app.clientId,
    isPublic: app.isPublic,
    name: app.name,
    redirectUris: app.redirectUris,
    postLogoutRedirectUris: app.postLogoutRedirectUris,
    firstParty: app.firstParty,
    idTokenSigningAlg: app.idTokenSigningAlg,
    pkce: app.pkce,
    idTokenScopeClaims: app.idTokenScopeClaims,
    backchannelLogoutUri: app.backchannelLogoutUri,
    deviceFlow: app.deviceFlow,
    logoUri: app.logoUri,
    launchUri: app.launchUri,
    accessTokenLifetime: app.accessTokenLifetime,
    refreshTokenLifetime: app.refreshTokenLifetime,
    allowedGroups: app.allowedGroups,
    claims: app.claims,
    createdAt: app.createdAt?.toISOString() ?? null,
    previousSecretExpiresAt: app.previousSecretExpiresAt?.toISOString() ?? null,
  };
}

const tag = 'Apps';

export const appEndpoints = [
  endpoint({
    method: 'get', path: '/apps', operationId: 'listApps', summary: 'List apps (never their secrets)', tag,
    success: { status: 200, description: 'Every app, by name', schema: z.object({ apps: z.array(appSchema) }) },
    async handle(_request, { store }) {
      return { body: { apps: (await listAppViews(store)).map(appJson) } };
    },
  }),
  endpoint({
    method: 'post', path: '/apps', operationId: 'createApp', summary: 'Register an app; its secret is shown once', tag,
    body: newAppSchema,
    success: { status: 201, description: 'The app, its client secret (once) and warnings about its settings', schema: registeredAppSchema },
    async handle({ body, who }, deps) {
      const registered = await createApp(deps, who, body);
      return { body: { app: appJson(registered.app), clientSecret: registered.clientSecret, warnings: registered.warnings }, etag: etagOf(appJson(registered.app)) };
    },
  }),
  endpoint({
    method: 'get', path: '/apps/{clientId}', operationId: 'getApp', summary: 'Show an app', tag,
    params: clientIdParams,
    success: { status: 200, description: 'The app', schema: appSchema, etag: true },
    async handle({ params }, { store }) {
      const app = appJson(await findAppView(store, params.clientId));
      return { body: app, etag: etagOf(app) };
    },
  }),
  endpoint({
    method: 'patch', path: '/apps/{clientId}', operationId: 'updateApp', summary: 'Change an app\'s settings or access; its client_id and secret stay', tag,
    params: clientIdParams, body: appChangesSchema, ifMatch: true,
    success: { status: 200, description: 'The app as it is now', schema: appSchema, etag: true },
    async handle({ params, body, ifMatch, who }, deps) {
      checkIfMatch(ifMatch, appJson(await findAppView(deps.store, params.clientId)));
      const { app } = await changeApp(deps, who, params.clientId, body);
      const json = appJson(app);
      return { body: json, etag: etagOf(json) };
    },
  }),
  endpoint({
    method: 'post', path: '/apps/{clientId}/secret', operationId: 'rotateAppSecret',
    summary: 'Give a confidential app a new secret; with `overlap`, the old one keeps working until the app is redeployed', tag,
    params: clientIdParams, body: secretRotationSchema,
    success: { status: 200, description: 'The new secret, shown once', schema: rotatedSecretSchema },
    async handle({ params, body, who }, deps) {
      const rotated = await rotateSecret(deps, who, params.clientId, body.overlap);
      return { body: { clientId: params.clientId, clientSecret: rotated.clientSecret, previousSecretExpiresAt: rotated.previousSecretExpiresAt?.toISOString() ?? null } };
    },
  }),
  endpoint({
    method: 'delete', path: '/apps/{clientId}', operationId: 'removeApp', summary: 'Remove an app: its tokens stop working', tag,
    params: clientIdParams, ifMatch: true,
    success: { status: 204, description: 'Removed' },
    async handle({ params, ifMatch, who }, deps) {
      checkIfMatch(ifMatch, appJson(await findAppView(deps.store, params.clientId)));
      await deleteApp(deps, who, params.clientId);
      return {};
    },
  }),
];
