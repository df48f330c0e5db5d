/**
 * Plain words for the logout requests oidc-provider refuses (RP-Initiated Logout 1.0 §2: an
 * unregistered post_logout_redirect_uri or a bad id_token_hint must never redirect). Each says what
 * happened — nobody was signed out, nobody was sent anywhere — and, where an administrator can fix
 * it, how. Matched on oidc-provider's own error descriptions (lib/actions/end_session.js).
 */
export interface LogoutRefusal {
  message: string;
  fix: string | null;
}

const refusals: Array<{ when: RegExp; refusal: (appName: string) => LogoutRefusal }> = [
  {
    when: /post_logout_redirect_uri not registered/,
    refusal: (app) => ({
      message: `${app} asked to send you to an address after signing out that it has not registered here, so you have not been signed out and were not sent there.`,
      fix: 'The administrator of the app can register that address with `idp clients update CLIENT_ID --post-logout-redirect-uri URI`.',
    }),
  },
  {
    when: /id_token_hint|client_id does not match/,
    refusal: (app) => ({
      message: `The sign-out request from ${app} could not be checked (it carried a sign-in token this provider did not issue to it, or one that was changed), so you have not been signed out.`,
      fix: 'Go back to the app and sign out again.',
    }),
  },
  {
    when: /could not find logout details/,
    refusal: () => ({
      message: 'This sign-out page has expired, or was opened in another browser, so you have not been signed out.',
      fix: 'Go back to the app and sign out again.',
    }),
  },
  {
    when: /client not found|client is invalid/,
    refusal: () => ({
      message: 'The app that sent you here is not registered with this provider, so you have not been signed out.',
      fix: null,
    }),
  },
];

export function describeLogoutRefusal(description: string | undefined, appName: string | null): LogoutRefusal {
  const found = refusals.find(({ when }) => when.test(description ?? ''));
  return found?.refusal(appName ?? 'The app') ?? { message: 'The sign-out request could not be completed, so you have not been signed out.', fix: null };
}
