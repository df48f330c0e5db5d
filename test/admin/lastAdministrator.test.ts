/**
 * The last active administrator, on SQLite (the tests: lastAdministratorSuite.ts).
 */
import { openStore } from '../../src/store/open.js';
import { lastAdministratorTests } from './lastAdministratorSuite.js';

describe('the last active administrator, on SQLite', () => {
  lastAdministratorTests(() => openStore('sqlite::memory:'));
});
