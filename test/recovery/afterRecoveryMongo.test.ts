/**
 * After a recovery, and "I lost a device", on the Mongo engine (the tests: afterRecoverySuite.ts).
 * Sessions, grants, tokens, consents and passkeys are all revoked in MongoDB here.
 */
import { openStore } from '../../src/store/open.js';
import { describeWithMongo } from '../support/mongoServer.js';
import { afterRecoveryTests } from './afterRecoverySuite.js';

describeWithMongo('what stays signed in after a recovery or a lost device, on MongoDB', (server) => {
  afterRecoveryTests(async () => {
    const store = await openStore(server().databaseUrl('after-recovery'));
    expect(store.engine).toBe('mongo');
    return store;
  });
});
