/**
 * Plain words for the logout requests oidc-provider refuses (RP-Initiated Logout 1.0 §2: an
 * unregistered post_logout_redirect_uri or a bad id_token_hint must never redirect). Each says what
 * happened — nobody was signed out, nobody was sent anywhere — and, where an administrator can fix
 * it, how. Matched on oidc-provider's own error descriptions (lib/actions/end_session.js).
 */
import { t } from '../../i18n/t.js';

export interface LogoutRefusal {
  message: string;
  fix: string | null;
}

const refusals: Array<{ when: RegExp; refusal: (appName: string) => LogoutRefusal }> = [
  {
    when: /post_logout_redirect_uri not registered/,
    refusal: (app) => ({
      message: t('logoutRefused.unregisteredUri', { client: app }),
      fix: t('logoutRefused.unregisteredUriFix'),
    }),
  },
  {
    when: /id_token_hint|client_id does not match/,
    refusal: (app) => ({
      message: t('logoutRefused.badHint', { client: app }),
      fix: t('logoutRefused.goBack'),
    }),
  },
  {
    when: /could not find logout details/,
    refusal: () => ({
      message: t('logoutRefused.expired'),
      fix: t('logoutRefused.goBack'),
    }),
  },
  {
    when: /client not found|client is invalid/,
    refusal: () => ({
      message: t('logoutRefused.unknownClient'),
      fix: null,
    }),
  },
];

export function describeLogoutRefusal(description: string | undefined, appName: string | null): LogoutRefusal {
  const found = refusals.find(({ when }) => when.test(description ?? ''));
  return found?.refusal(appName ?? t('logoutRefused.theApp')) ?? { message: t('logoutRefused.other'), fix: null };
}
