/**
 * An invitation link used as a browser does, over HTTP with the software authenticator: open the
 * page, ask for passkey options, answer with a new passkey. Shared by the SQLite and Mongo suites.
 */
import { randomBytes } from 'node:crypto';

import { createInvitation, invitationLink } from '../../src/access/invitations.js';
import { BrowserSession, type Hop } from '../support/browserSession.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import type { TestProvider } from '../support/testProvider.js';

export async function invite(
  provider: TestProvider,
  request: { email: string; groups?: string[]; isAdmin?: boolean; now?: number },
): Promise<{ path: string; id: string }> {
  const clock = request.now ?? Date.now();
  const { invitation, token } = await createInvitation(
    { store: provider.store, now: () => clock, randomBytes: (size) => randomBytes(size) },
    { email: request.email, groups: request.groups, isAdmin: request.isAdmin },
  );
  const link = invitationLink(provider.issuer, token);
  expect(link.startsWith(`${provider.issuer}/invite/`)).toBe(true);
  return { path: new URL(link).pathname, id: invitation.id };
}

export interface StartedRedemption { browser: BrowserSession; authenticator: SoftAuthenticator; ceremony: string; response: unknown }

/** Opens the link and makes a passkey for it, up to (not including) the final POST. */
export async function startRedemption(provider: TestProvider, path: string, name = 'Cy Invited', browser?: BrowserSession): Promise<StartedRedemption> {
  const session = browser ?? new BrowserSession(`http://localhost:${provider.settings.port}`, provider.issuer.startsWith('https:') ? { publicOrigin: provider.issuer } : {});
  const page = await session.get(path);
  if (page.status !== 200) throw new Error(`invitation page: ${page.status} ${page.body.slice(0, 200)}`);
  const started = await session.postJson(`${path}/options`, { name });
  if (started.status !== 200) throw new Error(`invitation options: ${started.status} ${started.body}`);
  const authenticator = new SoftAuthenticator();
  const response = authenticator.createCredential(started.json.options, { origin: provider.issuer });
  return { browser: session, authenticator, ceremony: started.json.ceremony, response };
}

export function finishRedemption(path: string, started: StartedRedemption): Promise<Hop> {
  return started.browser.postJson(`${path}/passkey`, { ceremony: started.ceremony, response: started.response });
}

/** Fifty browsers redeem one link at once: exactly one account is created, the others are refused. */
export async function raceRedemptions(provider: TestProvider, email: string, count = 50) {
  const { path } = await invite(provider, { email });
  const started = await Promise.all(Array.from({ length: count }, () => startRedemption(provider, path)));
  const answers = await Promise.all(started.map((one) => finishRedemption(path, one)));
  return {
    created: answers.filter((hop) => hop.status === 200).length,
    refused: answers.filter((hop) => hop.status === 400 && hop.json?.error === 'invitation_invalid').length,
    other: answers.filter((hop) => hop.status !== 200 && !(hop.status === 400 && hop.json?.error === 'invitation_invalid')).map((hop) => `${hop.status} ${hop.body}`),
  };
}
