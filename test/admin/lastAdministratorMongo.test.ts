/**
 * The last active administrator, on the Mongo engine (the tests: lastAdministratorSuite.ts).
 */
import { openStore } from '../../src/store/open.js';
import { describeWithMongo } from '../support/mongoServer.js';
import { lastAdministratorTests } from './lastAdministratorSuite.js';

describeWithMongo('the last active administrator, on MongoDB', (server) => {
  lastAdministratorTests(async () => {
    const store = await openStore(server().databaseUrl('last-administrator'));
    expect(store.engine).toBe('mongo');
    return store;
  });
});
