/**
 * Ids an administrator types after a command never start with `-`, which the command's parser reads
 * as an option: client ids, invitation ids and group ids, made from random bytes whose base64url
 * would start with `-` (0xF8 and up in the first byte), can each be named on the command line.
 */
import { createInvitation } from '../../src/access/invitations.js';
import { createGroup } from '../../src/access/groups.js';
import { buildClientMetadata } from '../../src/clients/buildClientMetadata.js';
import { runCli } from '../../src/cli/run.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/ports.js';
import { commandSafeId } from '../../src/tokens/commandSafeId.js';

/** Random bytes whose base64url starts with `-`. */
const dashFirst = (size: number) => new Uint8Array(size).fill(0xfb);

describe('ids typed after a command', () => {
  let store: Store;
  beforeEach(async () => { store = await openStore('sqlite::memory:'); });
  afterEach(() => store.close());

  async function idp(...argv: string[]) {
    let stderr = '';
    const code = await runCli(argv, {
      openStore: async () => store,
      openMail: async () => { throw new Error('no mail here'); },
      out: () => {},
      err: (text) => { stderr += text; },
    });
    return { code, stderr };
  }

  it('never start with a dash, and keep their length', () => {
    expect(Buffer.from(dashFirst(16)).toString('base64url').startsWith('-')).toBe(true);
    expect(commandSafeId(dashFirst(16))).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    const client = buildClientMetadata({ name: 'App', redirectUris: ['https://app.example/cb'], isPublic: false, applicationType: 'web' }, { randomBytes: dashFirst, now: () => new Date() });
    expect(client.clientId.startsWith('-')).toBe(false);
  });

  it('can be named to idp: an invitation whose random id would start with a dash is revoked by its id', async () => {
    const { invitation } = await createInvitation({ store, now: Date.now, randomBytes: dashFirst }, { email: 'cy@example.com' });
    expect(invitation.id.startsWith('-')).toBe(false);
    expect(await idp('invitations', 'revoke', invitation.id)).toMatchObject({ code: 0 });
    expect(await store.invitations.list()).toEqual([]);
    const group = await createGroup({ store, randomBytes: dashFirst }, { name: 'family' });
    expect(group.id.startsWith('-')).toBe(false);
  });
});
