/**
 * After a recovery, and "I lost a device", on SQLite (the tests: afterRecoverySuite.ts).
 */
import { openStore } from '../../src/store/open.js';
import { afterRecoveryTests } from './afterRecoverySuite.js';

describe('what stays signed in after a recovery or a lost device, on SQLite', () => {
  afterRecoveryTests(() => openStore('sqlite::memory:'));
});
