/**
 * The second half of "Your apps" on the account page (Pocket ID's "My Apps"): apps the person has
 * not used yet but may open from here. An app is listed when it has a launch address (`client_uri`:
 * without one there is nowhere to send the person) and the person may sign in to it
 * (decideAppAccess: open to every account, or restricted to a group they are in). The apps the
 * person has used are the connected apps (src/access/connectedApps.ts), listed whether or not they can be opened.
 */
import { decideAppAccess } from '../access/appAccess.js';
import { appOnPage } from '../clients/appOnPage.js';
import type { Person, Store } from '../store/ports.js';

export interface AppToOpen {
  clientId: string;
  name: string;
  logoUri: string | null;
  launchUri: string;
}

export async function listAppsToOpen(store: Store, person: Person, used: ReadonlySet<string>): Promise<AppToOpen[]> {
  const apps: AppToOpen[] = [];
  for (const { id, payload } of await store.oidc.list('Client')) {
    const { name, logoUri, launchUri } = appOnPage(payload);
    if (!launchUri || used.has(id)) continue;
    if (!(await decideAppAccess(store, person, id)).allowed) continue;
    apps.push({ clientId: id, name: name ?? launchUri, logoUri, launchUri });
  }
  return apps.sort((a, b) => a.name.localeCompare(b.name));
}
