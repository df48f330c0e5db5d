/**
 * How long tokens live: the provider's defaults, and an app's own choice where an administrator made
 * one (`idp clients update --access-token-lifetime`, the admin API). A grant lives as long as the
 * longest refresh token it may issue, so that a refresh token never outlives the grant it is under.
 */
import type { Client, KoaContextWithOIDC } from 'oidc-provider';


const HOUR = 60 * 60;
const DAY = 24 * HOUR;

/** What an administrator may choose per app, in seconds. */
export const LIFETIME_LIMITS = {
  accessTokenLifetime: { min: 60, max: DAY },
  refreshTokenLifetime: { min: 5 * 60, max: 90 * DAY },
} as const;

export const DEFAULT_LIFETIMES = {
  accessToken: HOUR,
  clientCredentials: 10 * 60,
  refreshToken: 14 * DAY,
} as const;

export const lifetimeProperties = ['access_token_lifetime', 'refresh_token_lifetime'] as const;

const limitOf = {
  access_token_lifetime: LIFETIME_LIMITS.accessTokenLifetime,
  refresh_token_lifetime: LIFETIME_LIMITS.refreshTokenLifetime,
} as const;

/** What is wrong with a stored lifetime property, or null. */
export function checkLifetimeProperty(key: string, value: unknown): string | null {
  if (!(key in limitOf) || value === undefined) return null;
  const { min, max } = limitOf[key as keyof typeof limitOf];
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max ? null : `${key} must be whole seconds from ${min} to ${max}`;
}

function chosen(client: Client | undefined, key: (typeof lifetimeProperties)[number]): number | undefined {
  const value = client?.metadata()[key];
  return typeof value === 'number' ? value : undefined;
}

/**
 * The grant is saved when the person consents; the refresh token comes later, at the code exchange
 * (a code lives a minute, a sign-in an hour), so the grant is given an hour more than that token.
 */
const GRANT_MARGIN = HOUR;

/** A grant of this app outlives the longest refresh token it may issue. */
export function grantLifetime(client: Client | undefined): number {
  return Math.max(DEFAULT_LIFETIMES.refreshToken, chosen(client, 'refresh_token_lifetime') ?? 0) + GRANT_MARGIN;
}

/** oidc-provider's `ttl` entries that an app may change. */
export const appTokenLifetimes = {
  AccessToken: (_ctx: KoaContextWithOIDC, _token: unknown, client: Client) => chosen(client, 'access_token_lifetime') ?? DEFAULT_LIFETIMES.accessToken,
  ClientCredentials: (_ctx: KoaContextWithOIDC, _token: unknown, client: Client) => chosen(client, 'access_token_lifetime') ?? DEFAULT_LIFETIMES.clientCredentials,
  RefreshToken: (_ctx: KoaContextWithOIDC, _token: unknown, client: Client) => chosen(client, 'refresh_token_lifetime') ?? DEFAULT_LIFETIMES.refreshToken,
  // A grant saved by our consent page has no provider context: that step sets grantLifetime itself.
  Grant: (ctx: KoaContextWithOIDC | undefined) => grantLifetime(ctx?.oidc?.client),
};
