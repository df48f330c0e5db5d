/**
 * oidc-provider's refusals of an app's request ("client is invalid", "redirect_uri did not match any
 * of the client's registered redirect_uris", ...) are written for the app's developer. A person gets
 * plain words in their language instead; the library's own description stays in the log line of the
 * refusal (src/oidc/logRefusedRequests.ts), under the request id the page shows.
 */
import type { MessageKey } from '../i18n/messages/en.js';

const byError: Record<string, MessageKey> = {
  invalid_client: 'oidc.invalidClient',
  unauthorized_client: 'oidc.invalidClient',
  invalid_redirect_uri: 'oidc.redirectUri',
  login_required: 'oidc.loginRequired',
  consent_required: 'oidc.loginRequired',
  interaction_required: 'oidc.loginRequired',
  access_denied: 'oidc.accessDenied',
};

export function explainOidcError(out: { error?: string; error_description?: string }): MessageKey {
  const description = out.error_description ?? '';
  if (/redirect_uri/.test(description)) return 'oidc.redirectUri';
  if (/client is invalid|client not found|unrecognized client/i.test(description)) return 'oidc.invalidClient';
  return (out.error && byError[out.error]) || 'oidc.badRequest';
}
