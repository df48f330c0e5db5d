/**
 * Who may introspect a token (RFC 7662 §4: the server decides whom it answers). Only the client the
 * token was issued to, or a resource server the token was issued for (named in its audience): any
 * other client learns only `{"active": false}`, never whose token it is or what it allows.
 * oidc-provider's default answers every confidential client about every token.
 */
import type { KoaContextWithOIDC } from 'oidc-provider';

interface IntrospectedToken { clientId?: string; aud?: string | string[] }

export async function introspectionAllowed(_ctx: KoaContextWithOIDC, client: { clientId: string }, token: IntrospectedToken): Promise<boolean> {
  if (token.clientId === client.clientId) return true;
  const audience = Array.isArray(token.aud) ? token.aud : token.aud ? [token.aud] : [];
  return audience.includes(client.clientId);
}
