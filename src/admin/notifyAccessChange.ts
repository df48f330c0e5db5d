/**
 * Mails a person when an administrator changes what they can get into: their account was
 * disabled, or they were removed from a group that gates apps they can now no longer sign in to.
 * The change stands whether or not the mail goes out: a mail that fails is logged, not retried here.
 */
import { decideAppAccess } from '../access/appAccess.js';
import type { Mailer } from '../email/mailer.js';
import type { Logger } from '../log.js';
import type { Group, Person, Store } from '../store/ports.js';

interface NotifyDeps {
  store: Store;
  mailer: Mailer;
  log: Logger;
  now: () => number;
}

async function deliver(deps: NotifyDeps, send: () => Promise<void>, personId: string, template: string): Promise<void> {
  try {
    await send();
  } catch (error) {
    deps.log.warn('admin.notice_not_sent', { personId, template, detail: (error as Error).message });
  }
}

export async function notifyAccountDisabled(deps: NotifyDeps, person: Person): Promise<void> {
  await deliver(deps, () => deps.mailer.send({ to: person.email, template: 'account-disabled', values: { time: new Date(deps.now()) } }), person.id, 'account-disabled');
}

/** The apps the group let the person into that they can no longer use, by name; none: no mail. */
export async function notifyGroupAccessRemoved(deps: NotifyDeps, person: Person, group: Group): Promise<string[]> {
  const gated = (await deps.store.appAccess.list()).filter((access) => access.allowedGroupIds?.includes(group.id));
  const lost: string[] = [];
  for (const access of gated) {
    if ((await decideAppAccess(deps.store, person, access.clientId)).allowed) continue;
    const client = await deps.store.oidc.find('Client', access.clientId);
    lost.push(typeof client?.client_name === 'string' ? client.client_name : access.clientId);
  }
  if (lost.length === 0) return lost;
  lost.sort();
  await deliver(deps, () => deps.mailer.send({ to: person.email, template: 'app-access-removed', values: { group: group.name, apps: lost.join(', ') } }), person.id, 'app-access-removed');
  return lost;
}
