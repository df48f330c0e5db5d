/**
 * The shapes of the admin API, in one place: each zod schema both checks what comes in (the
 * router parses every path, query and body with it) and describes it in the OpenAPI document
 * (openApiDocument.ts generates it from the same schemas with zod-openapi).
 * Field names are camelCase JSON; times are RFC 3339 strings.
 */
import 'zod-openapi';
import { z } from 'zod';

import { ID_TOKEN_ALGS } from '../../oidc/createProvider.js';
import { LIFETIME_LIMITS } from '../../clients/appSettings.js';
import { PKCE_POLICIES } from '../../oidc/clientPolicy.js';

const time = z.iso.datetime();
const uri = z.string().min(1).max(2048);

export const problemSchema = z.object({
  type: z.string().meta({ description: 'Always about:blank: `code` says which problem it is.' }),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string().meta({ description: 'A stable code from the provider\'s error catalog.' }),
  errors: z.array(z.object({ pointer: z.string(), message: z.string() })).optional()
    .meta({ description: 'For an invalid body or query: each field refused, as a JSON pointer.' }),
  requestId: z.string().optional().meta({ description: 'For a fault of ours (5xx): the id the provider\'s log line carries.' }),
}).meta({ id: 'Problem', description: 'RFC 9457 problem details' });

// ---- apps
const appFields = {
  name: z.string().min(1).max(200),
  redirectUris: z.array(uri).max(50).meta({ description: 'Where sign-in returns to, matched exactly.' }),
  postLogoutRedirectUris: z.array(uri).max(50),
  firstParty: z.boolean().meta({ description: 'The app belongs to the operator: no consent page.' }),
  idTokenSigningAlg: z.enum(ID_TOKEN_ALGS).nullable().meta({ description: 'null: the provider default (RS256).' }),
  pkce: z.enum(PKCE_POLICIES),
  idTokenScopeClaims: z.boolean(),
  backchannelLogoutUri: uri.nullable(),
  deviceFlow: z.boolean(),
  logoUri: uri.nullable(),
  launchUri: uri.nullable().meta({ description: 'Where people open the app (client_uri).' }),
  accessTokenLifetime: z.number().int().min(LIFETIME_LIMITS.accessTokenLifetime.min).max(LIFETIME_LIMITS.accessTokenLifetime.max).nullable()
    .meta({ description: 'Seconds its access tokens live; null: the provider default (3600).' }),
  refreshTokenLifetime: z.number().int().min(LIFETIME_LIMITS.refreshTokenLifetime.min).max(LIFETIME_LIMITS.refreshTokenLifetime.max).nullable()
    .meta({ description: 'Seconds its refresh tokens live; null: the provider default (14 days).' }),
  allowedGroups: z.array(z.string()).nullable().meta({ description: 'Group names whose members may sign in; null: every account.' }),
  claims: z.array(z.string()).meta({ description: 'Names of the custom claims the app receives.' }),
};

export const appSchema = z.object({
  clientId: z.string(),
  isPublic: z.boolean(),
  ...appFields,
  createdAt: time.nullable(),
  previousSecretExpiresAt: time.nullable().meta({ description: 'Until when the secret replaced last still works.' }),
}).meta({ id: 'App' });

export const newAppSchema = z.strictObject({
  name: appFields.name,
  redirectUris: appFields.redirectUris,
  isPublic: z.boolean().default(false),
  ...Object.fromEntries(Object.entries(appFields).filter(([key]) => !['name', 'redirectUris'].includes(key)).map(([key, schema]) => [key, schema.optional()])) as {
    [K in Exclude<keyof typeof appFields, 'name' | 'redirectUris'>]: z.ZodOptional<(typeof appFields)[K]>
  },
}).meta({ id: 'NewApp' });

export const appChangesSchema = z.strictObject(Object.fromEntries(Object.entries(appFields).map(([key, schema]) => [key, schema.optional()])) as {
  [K in keyof typeof appFields]: z.ZodOptional<(typeof appFields)[K]>
}).meta({ id: 'AppChanges', description: 'Only the fields given change; a list replaces the whole list.' });

export const registeredAppSchema = z.object({
  app: appSchema,
  clientSecret: z.string().nullable().meta({ description: 'Shown once; null for a public app.' }),
  warnings: z.array(z.string()),
}).meta({ id: 'RegisteredApp' });

export const secretRotationSchema = z.strictObject({
  overlap: z.string().optional().meta({ description: 'How long the old secret keeps working: 30m, 12h, 7d (at most 30d). Without it, it stops at once.', example: '1d' }),
}).meta({ id: 'SecretRotation' });

export const rotatedSecretSchema = z.object({
  clientId: z.string(),
  clientSecret: z.string().meta({ description: 'Shown once.' }),
  previousSecretExpiresAt: time.nullable(),
}).meta({ id: 'RotatedSecret' });

export const clientIdParams = z.object({ clientId: z.string().min(1).max(200) });

// ---- people
export const personSchema = z.object({
  id: z.string().meta({ description: 'The OIDC sub.' }),
  email: z.string(),
  emailVerified: z.boolean(),
  name: z.string().nullable(),
  administrator: z.boolean(),
  disabledAt: time.nullable(),
  groups: z.array(z.string()),
  claims: z.record(z.string(), z.json()),
  passkeys: z.number().int(),
  createdAt: time,
  updatedAt: time,
}).meta({ id: 'Person' });

export const personPageSchema = z.object({
  people: z.array(personSchema),
  nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
}).meta({ id: 'PersonPage' });

export const peopleQuery = z.strictObject({
  search: z.string().max(200).optional().meta({ description: 'Part of the email address or name, any case.' }),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const personParams = z.object({ id: z.string().min(1).max(200) });

export const endedSessionsSchema = z.object({ sessions: z.number().int() }).meta({ id: 'EndedSessions' });

// ---- groups
export const groupSchema = z.object({
  name: z.string(),
  description: z.string().nullable(),
  isDefault: z.boolean(),
  members: z.number().int(),
  claims: z.record(z.string(), z.json()),
  createdAt: time,
}).meta({ id: 'Group' });

export const newGroupSchema = z.strictObject({
  name: z.string().min(1).max(64),
  description: z.string().max(200).nullable().optional(),
  isDefault: z.boolean().optional(),
}).meta({ id: 'NewGroup' });

export const groupChangesSchema = z.strictObject({
  description: z.string().max(200).nullable().optional(),
  isDefault: z.boolean().optional(),
}).meta({ id: 'GroupChanges' });

export const groupParams = z.object({ name: z.string().min(1).max(64) });
export const memberParams = z.object({ name: z.string().min(1).max(64), id: z.string().min(1).max(200) });
export const membersSchema = z.object({ members: z.array(personSchema) }).meta({ id: 'Members' });

// ---- custom claims
export const claimParams = z.object({ id: z.string().min(1).max(200), claim: z.string().min(1).max(100) });
export const groupClaimParams = z.object({ name: z.string().min(1).max(64), claim: z.string().min(1).max(100) });
export const claimValueSchema = z.strictObject({ value: z.json() }).meta({ id: 'ClaimValue', description: 'Any JSON value of at most 4096 bytes.' });

// ---- invitations
export const invitationSchema = z.object({
  id: z.string(),
  email: z.string(),
  administrator: z.boolean(),
  groups: z.array(z.string()),
  createdAt: time,
  expiresAt: time,
}).meta({ id: 'Invitation' });

export const newInvitationSchema = z.strictObject({
  email: z.string().min(1).max(320),
  groups: z.array(z.string()).max(50).optional(),
  administrator: z.boolean().optional(),
  expires: z.string().optional().meta({ description: 'How long the link works: 30m, 12h, 7d (default 7d, at most 30d).' }),
}).meta({ id: 'NewInvitation' });

export const issuedInvitationSchema = z.object({
  invitation: invitationSchema,
  mailed: z.boolean().meta({ description: 'The link was mailed to the address; it is never returned.' }),
}).meta({ id: 'IssuedInvitation' });

export const invitationParams = z.object({ id: z.string().min(1).max(100) });
