/**
 * Per-app access on both store engines, with an https issuer behind a proxy (appAccessJourney.ts).
 */
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/ports.js';
import { describeWithMongo } from '../support/mongoServer.js';
import { startTestProvider } from '../support/testProvider.js';
import { defineAppAccessJourney } from './appAccessJourney.js';

describe('per-app access on SQLite', () => {
  defineAppAccessJourney(() => startTestProvider({ https: true, settings: { signUp: 'invite' } }));
});

describeWithMongo('per-app access on MongoDB', (server) => {
  let store: Store | undefined;
  afterAll(async () => { await store?.close(); });
  defineAppAccessJourney(async () => {
    const databaseUrl = server().databaseUrl('appaccess');
    store = await openStore(databaseUrl);
    return startTestProvider({ https: true, store, settings: { signUp: 'invite', databaseUrl } });
  });
});
