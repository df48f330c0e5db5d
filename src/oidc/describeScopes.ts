/** What each scope lets an app do, in the words the consent page and the account page show. */
const descriptions: Record<string, string> = {
  openid: 'Know who you are (a stable identifier for your account)',
  email: 'See your email address',
  profile: 'See your name and profile (username, picture, language)',
  groups: 'See which groups you are in',
  offline_access: 'Stay connected while you are away',
};

export function describeScopes(scopes: string[]): string[] {
  return scopes.map((scope) => descriptions[scope] ?? scope);
}
