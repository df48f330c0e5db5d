import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { runCli } from '../../src/cli/run.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/ports.js';

let store: Store;
let opened: number;
let clock: number;

beforeEach(async () => {
  clock = Date.parse('2025-01-01T00:00:00Z');
  store = await openStore('sqlite::memory:', { now: () => clock });
  opened = 0;
});

afterEach(async () => {
  await store.close();
});

async function idp(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    openStore: async () => {
      opened += 1;
      return store;
    },
    openMail: () => Promise.reject(new Error('client commands send no mail')),
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}

/** Parses stdout as exactly one JSON value on one line, failing on anything else printed. */
function onlyJson(stdout: string): unknown {
  expect(stdout.endsWith('\n')).toBe(true);
  expect(stdout.trimEnd().split('\n')).toHaveLength(1);
  return JSON.parse(stdout);
}

const WEB = ['--name', 'Notes', '--redirect-uri', 'https://notes.example.com/callback'];

describe('idp clients add refuses, writing nothing', () => {
  it.each([
    ['a missing --name', ['--redirect-uri', 'https://notes.example.com/cb'], /--name is required/],
    ['a blank --name', ['--name', '  ', '--redirect-uri', 'https://notes.example.com/cb'], /--name is required/],
    ['no redirect URI', ['--name', 'Notes'], /--redirect-uri needs at least one URI/],
    ['PKCE optional for a public app', [...WEB, '--public', '--pkce', 'optional'], /--pkce cannot be optional for a public app/],
    ['an unknown PKCE policy', [...WEB, '--pkce', 'off'], /--pkce must be required or optional/],
    ['a back-channel logout URI over http', [...WEB, '--backchannel-logout-uri', 'http://notes.example.com/logout'], /--backchannel-logout-uri "http:\/\/notes.example.com\/logout" must use https/],
    ['a back-channel logout URI with a native app scheme', [...WEB, '--backchannel-logout-uri', 'com.example.notes:/logout'], /--backchannel-logout-uri "com.example.notes:\/logout" must use https$/m],
    ['a back-channel logout URI with a fragment', [...WEB, '--backchannel-logout-uri', 'https://notes.example.com/logout#x'], /fragment/],
    ['a logo over http', [...WEB, '--logo-uri', 'http://notes.example.com/logo.png'], /--logo-uri "http:\/\/notes.example.com\/logo.png" must use https/],
    ['a launch URI that is not a URL', [...WEB, '--launch-uri', 'notes.example.com'], /--launch-uri "notes.example.com" is not an absolute URL/],
    ['a launch URI with a native app scheme', [...WEB, '--launch-uri', 'com.example.notes:/home'], /--launch-uri "com.example.notes:\/home" must use https/],
    ['a relative redirect URI', ['--name', 'Notes', '--redirect-uri', '/callback'], /not an absolute URL/],
    ['a redirect URI without a scheme', ['--name', 'Notes', '--redirect-uri', 'notes.example.com/cb'], /not an absolute URL/],
    ['a redirect URI with a fragment', ['--name', 'Notes', '--redirect-uri', 'https://notes.example.com/cb#top'], /fragment/],
    ['a redirect URI with an empty fragment', ['--name', 'Notes', '--redirect-uri', 'https://notes.example.com/cb#'], /fragment/],
    ['a redirect URI with user info', ['--name', 'Notes', '--redirect-uri', 'https://notes.example.com@evil.example/cb'], /user name or password/],
    ['a redirect URI with spaces', ['--name', 'Notes', '--redirect-uri', 'https://notes.example.com/cb '], /spaces/],
    ['http on a host that is not loopback', ['--name', 'Notes', '--redirect-uri', 'http://notes.example.com/cb'], /must use https/],
    ['http on a public IP', ['--name', 'Notes', '--redirect-uri', 'http://192.0.2.1/cb'], /must use https/],
    ['a native app scheme for a confidential client', ['--name', 'App', '--redirect-uri', 'com.example.app:/cb'], /--public/],
    ['a scheme that is not a reverse domain', ['--name', 'App', '--public', '--redirect-uri', 'localhost:3000/cb'], /reverse-domain scheme/],
    ['a javascript: URI', ['--name', 'App', '--public', '--redirect-uri', 'javascript:alert(1)'], /reverse-domain scheme/],
    ['https on loopback for a native app', ['--name', 'App', '--public', '--redirect-uri', 'com.example.app:/cb', '--redirect-uri', 'https://localhost/cb'], /must use http, not https/],
    ['a bad post-logout redirect URI', [...WEB, '--post-logout-redirect-uri', 'http://notes.example.com/bye'], /--post-logout-redirect-uri "http:\/\/notes.example.com\/bye" must use https/],
    ['an unknown option', ['--name', 'Notes', '--redirect-url', 'https://notes.example.com/cb'], /Unknown option '--redirect-url'/],
    ['an option without its value', ['--name', '--redirect-uri', 'https://notes.example.com/cb'], /--name/],
    ['a stray argument', [...WEB, 'extra'], /extra/],
  ])('refuses %s with exit status 2', async (_case, args, message) => {
    const result = await idp('clients', 'add', ...args);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
    expect(opened).toBe(0);
    expect(await store.oidc.count('Client')).toBe(0);
  });

  it('names the bad URI among several', async () => {
    const result = await idp(...['clients', 'add', ...WEB, '--redirect-uri', 'https://notes.example.com/b#x']);

    expect(result.stderr).toContain('"https://notes.example.com/b#x"');
    expect(await store.oidc.count('Client')).toBe(0);
  });
});

describe('idp clients add', () => {
  it('registers a confidential client with a secret and the code flow', async () => {
    const result = await idp('clients', 'add', ...WEB, '--post-logout-redirect-uri', 'https://notes.example.com/');

    expect(result.code).toBe(0);
    const clientId = /client_id:\s+(\S+)/.exec(result.stdout)?.[1];
    const clientSecret = /client_secret:\s+(\S+)/.exec(result.stdout)?.[1];
    expect(clientId).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await store.oidc.find('Client', clientId!)).toEqual({
      client_id: clientId,
      client_secret: clientSecret,
      client_id_issued_at: expect.any(Number),
      client_name: 'Notes',
      application_type: 'web',
      redirect_uris: ['https://notes.example.com/callback'],
      post_logout_redirect_uris: ['https://notes.example.com/'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      first_party: false,
    });
  });

  it('registers a client that never expires', async () => {
    const { client_id } = onlyJson((await idp('clients', 'add', ...WEB, '--json')).stdout) as { client_id: string };

    clock += 20 * 365 * 24 * 3600 * 1000;

    expect(await store.oidc.find('Client', client_id)).not.toBeNull();
  });

  it('prints exactly one JSON object with --json', async () => {
    const result = await idp('clients', 'add', ...WEB, '--json');

    expect(result.code).toBe(0);
    const printed = onlyJson(result.stdout) as Record<string, unknown>;
    expect(Object.keys(printed).sort()).toEqual(['client_id', 'client_secret']);
    const record = await store.oidc.find('Client', printed.client_id as string);
    expect(record?.client_secret).toBe(printed.client_secret);
  });

  it('registers a public client without a secret, printing client_secret null', async () => {
    const result = await idp('clients', 'add', ...WEB, '--public', '--json');

    const printed = onlyJson(result.stdout) as Record<string, unknown>;
    expect(printed.client_secret).toBeNull();
    const record = await store.oidc.find('Client', printed.client_id as string);
    expect(record?.token_endpoint_auth_method).toBe('none');
    expect(record).not.toHaveProperty('client_secret');
  });

  it('registers a public native app with a reverse-domain scheme and a loopback redirect', async () => {
    const result = await idp(
      'clients', 'add', '--name', 'Desktop', '--public', '--json',
      '--redirect-uri', 'com.example.app:/oauth/callback', '--redirect-uri', 'http://127.0.0.1/callback',
    );

    expect(result.code).toBe(0);
    const { client_id } = onlyJson(result.stdout) as { client_id: string };
    const record = await store.oidc.find('Client', client_id);
    expect(record?.application_type).toBe('native');
    expect(record?.redirect_uris).toEqual(['com.example.app:/oauth/callback', 'http://127.0.0.1/callback']);
  });

  it.each(['http://localhost:8080/cb', 'http://127.0.0.1/cb', 'http://[::1]:3000/cb'])('accepts http on the loopback host of %s', async (uri) => {
    const result = await idp('clients', 'add', '--name', 'Dev', '--redirect-uri', uri);

    expect(result.code).toBe(0);
    expect(await store.oidc.count('Client')).toBe(1);
  });

  it('stores the redirect URIs as typed, once each, for exact matching', async () => {
    const uri = 'https://Notes.example.com/Callback?x=1';
    const result = await idp('clients', 'add', '--name', 'Notes', '--redirect-uri', uri, '--redirect-uri', uri, '--json');

    const { client_id } = onlyJson(result.stdout) as { client_id: string };
    expect((await store.oidc.find('Client', client_id))?.redirect_uris).toEqual([uri]);
  });

  it('marks a first-party client', async () => {
    const result = await idp('clients', 'add', ...WEB, '--first-party', '--json');

    const { client_id } = onlyJson(result.stdout) as { client_id: string };
    expect((await store.oidc.find('Client', client_id))?.first_party).toBe(true);
  });

  it('registers an app for ES256 or EdDSA ID tokens, and refuses any other algorithm before writing', async () => {
    const { client_id } = onlyJson((await idp('clients', 'add', ...WEB, '--id-token-alg', 'ES256', '--json')).stdout) as { client_id: string };
    expect((await store.oidc.find('Client', client_id))?.id_token_signed_response_alg).toBe('ES256');
    const eddsa = onlyJson((await idp('clients', 'add', ...WEB, '--id-token-alg', 'EdDSA', '--json')).stdout) as { client_id: string };
    expect((await store.oidc.find('Client', eddsa.client_id))?.id_token_signed_response_alg).toBe('EdDSA');

    const refused = await idp('clients', 'add', ...WEB, '--id-token-alg', 'HS256', '--json');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--id-token-alg must be RS256 or ES256 or EdDSA');
    expect(await store.oidc.count('Client')).toBe(2);
  });

  it('writes no algorithm for an app that names none, so that it gets the provider\'s default (RS256)', async () => {
    const { client_id } = onlyJson((await idp('clients', 'add', ...WEB, '--json')).stdout) as { client_id: string };
    expect((await store.oidc.find('Client', client_id))?.id_token_signed_response_alg).toBeUndefined();
  });

  it('makes PKCE optional for a confidential app only when asked, with a warning that names the fix', async () => {
    const result = await idp('clients', 'add', ...WEB, '--pkce', 'optional', '--json');

    expect(result.code).toBe(0);
    const { client_id } = onlyJson(result.stdout) as { client_id: string };
    expect((await store.oidc.find('Client', client_id))?.pkce).toBe('optional');
    expect(result.stderr).toMatch(/Warning: PKCE is optional for "Notes"/);
    expect(result.stderr).toContain(`idp clients update ${client_id} --pkce required`);
  });

  it('registers a back-channel logout URI, which makes ID tokens and logout tokens carry the session id', async () => {
    const result = await idp('clients', 'add', ...WEB, '--backchannel-logout-uri', 'https://notes.example.com/backchannel?x=1', '--json');

    const { client_id } = onlyJson(result.stdout) as { client_id: string };
    expect(await store.oidc.find('Client', client_id)).toMatchObject({
      backchannel_logout_uri: 'https://notes.example.com/backchannel?x=1',
      backchannel_logout_session_required: true,
    });
  });

  it('registers the app\'s logo and launch address, which pages show and "Your apps" links to', async () => {
    const { client_id } = onlyJson((await idp('clients', 'add', ...WEB, '--logo-uri', 'https://notes.example.com/logo.png',
      '--launch-uri', 'https://notes.example.com/', '--json')).stdout) as Record<string, string>;
    expect(await store.oidc.find('Client', client_id)).toMatchObject({ logo_uri: 'https://notes.example.com/logo.png', client_uri: 'https://notes.example.com/' });
    const listed = await idp('clients', 'list');
    expect(listed.stdout).toContain('    logo:         https://notes.example.com/logo.png\n');
    expect(listed.stdout).toContain('    launch:       https://notes.example.com/\n');
  });

  it('keeps scope claims out of ID tokens for an app that opts out', async () => {
    const { client_id } = onlyJson((await idp('clients', 'add', ...WEB, '--id-token-claims', 'no', '--json')).stdout) as { client_id: string };
    expect((await store.oidc.find('Client', client_id))?.id_token_scope_claims).toBe(false);
  });

  it('gives every client its own id and secret', async () => {
    const first = onlyJson((await idp('clients', 'add', ...WEB, '--json')).stdout) as Record<string, string>;
    const second = onlyJson((await idp('clients', 'add', ...WEB, '--json')).stdout) as Record<string, string>;

    expect(second.client_id).not.toBe(first.client_id);
    expect(second.client_secret).not.toBe(first.client_secret);
    expect(await store.oidc.count('Client')).toBe(2);
  });
});

describe('idp clients list', () => {
  it('lists clients as one JSON array, without their secrets', async () => {
    const notes = onlyJson((await idp('clients', 'add', ...WEB, '--first-party', '--json')).stdout) as Record<string, string>;
    const app = onlyJson((await idp('clients', 'add', '--name', 'App', '--public', '--redirect-uri', 'com.example.app:/cb', '--json')).stdout) as Record<string, string>;

    const result = await idp('clients', 'list', '--json');

    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain(notes.client_secret);
    expect(onlyJson(result.stdout)).toEqual([
      {
        client_id: app.client_id, client_name: 'App', public: true, first_party: false,
        redirect_uris: ['com.example.app:/cb'], post_logout_redirect_uris: [], created_at: expect.any(String),
        pkce: 'required', id_token_signed_response_alg: 'RS256', id_token_scope_claims: true, backchannel_logout_uri: null, device_flow: false, logo_uri: null, launch_uri: null, access_token_lifetime: null, refresh_token_lifetime: null,
      },
      {
        client_id: notes.client_id, client_name: 'Notes', public: false, first_party: true,
        redirect_uris: ['https://notes.example.com/callback'], post_logout_redirect_uris: [], created_at: expect.any(String),
        pkce: 'required', id_token_signed_response_alg: 'RS256', id_token_scope_claims: true, backchannel_logout_uri: null, device_flow: false, logo_uri: null, launch_uri: null, access_token_lifetime: null, refresh_token_lifetime: null,
      },
    ]);
  });

  it('prints each client and its redirect URIs for people', async () => {
    const notes = onlyJson((await idp('clients', 'add', ...WEB, '--json')).stdout) as Record<string, string>;

    const result = await idp('clients', 'list');

    expect(result.stdout).toContain(`${notes.client_id}  Notes  [confidential, PKCE required, ID token RS256]`);
    expect(result.stdout).toContain('https://notes.example.com/callback');
    expect(result.stdout).not.toContain(notes.client_secret);
  });

  it('shows an app whose PKCE is optional, and its back-channel logout URI', async () => {
    const notes = onlyJson((await idp('clients', 'add', ...WEB, '--pkce', 'optional', '--backchannel-logout-uri', 'https://notes.example.com/bc', '--json')).stdout) as Record<string, string>;

    const result = await idp('clients', 'list');

    expect(result.stdout).toContain(`${notes.client_id}  Notes  [confidential, PKCE optional, ID token RS256]`);
    expect(result.stdout).toContain('back-channel logout: https://notes.example.com/bc');
  });

  it('prints an empty array when there are no clients', async () => {
    expect(onlyJson((await idp('clients', 'list', '--json')).stdout)).toEqual([]);
  });
});

describe('idp clients remove', () => {
  it('removes the client it names and only that one', async () => {
    const notes = onlyJson((await idp('clients', 'add', ...WEB, '--json')).stdout) as Record<string, string>;
    const other = onlyJson((await idp('clients', 'add', ...WEB, '--json')).stdout) as Record<string, string>;

    const result = await idp('clients', 'remove', notes.client_id!);

    expect(result.code).toBe(0);
    expect(await store.oidc.find('Client', notes.client_id!)).toBeNull();
    expect(await store.oidc.find('Client', other.client_id!)).not.toBeNull();
  });

  it('fails with a message for an unknown client, removing nothing', async () => {
    await idp('clients', 'add', ...WEB);

    const result = await idp('clients', 'remove', 'no-such-client');

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No client with client_id "no-such-client"');
    expect(await store.oidc.count('Client')).toBe(1);
  });

  it('requires the CLIENT_ID', async () => {
    const result = await idp('clients', 'remove');

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing CLIENT_ID');
  });
});

describe('idp clients update', () => {
  async function addNotes(...extra: string[]) {
    return onlyJson((await idp('clients', 'add', ...WEB, '--post-logout-redirect-uri', 'https://notes.example.com/', ...extra, '--json')).stdout) as Record<string, string>;
  }

  it('changes only the settings given; the client_id and secret stay', async () => {
    const notes = await addNotes();
    const before = (await store.oidc.find('Client', notes.client_id))!;

    const result = await idp('clients', 'update', notes.client_id, '--name', 'Notes 2', '--redirect-uri', 'https://notes.example.com/new',
      '--redirect-uri', 'https://notes.example.com/other', '--first-party', 'yes', '--id-token-alg', 'ES256');

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Updated client "Notes 2"');
    expect(await store.oidc.find('Client', notes.client_id)).toEqual({
      ...before,
      client_name: 'Notes 2',
      redirect_uris: ['https://notes.example.com/new', 'https://notes.example.com/other'],
      first_party: true,
      id_token_signed_response_alg: 'ES256',
    });
  });

  it('sets and clears post-logout URIs, the back-channel URI, the algorithm and PKCE', async () => {
    const notes = await addNotes('--id-token-alg', 'EdDSA');

    await idp('clients', 'update', notes.client_id, '--backchannel-logout-uri', 'https://notes.example.com/bc', '--pkce', 'optional', '--id-token-claims', 'no');
    expect(await store.oidc.find('Client', notes.client_id)).toMatchObject({
      backchannel_logout_uri: 'https://notes.example.com/bc', backchannel_logout_session_required: true, pkce: 'optional', id_token_scope_claims: false,
    });

    const result = await idp('clients', 'update', notes.client_id, '--backchannel-logout-uri', 'none', '--post-logout-redirect-uri', 'none',
      '--id-token-alg', 'default', '--pkce', 'required', '--id-token-claims', 'yes', '--json');
    expect(onlyJson(result.stdout)).toMatchObject({ pkce: 'required', id_token_signed_response_alg: 'RS256', backchannel_logout_uri: null, post_logout_redirect_uris: [] });
    const record = (await store.oidc.find('Client', notes.client_id))!;
    for (const field of ['backchannel_logout_uri', 'backchannel_logout_session_required', 'pkce', 'id_token_signed_response_alg', 'id_token_scope_claims']) {
      expect(record).not.toHaveProperty(field);
    }
    expect(record.post_logout_redirect_uris).toEqual([]);
  });

  it('sets, changes and clears the logo and launch address, leaving them alone when not named', async () => {
    const notes = await addNotes('--logo-uri', 'https://notes.example.com/logo.png');

    await idp('clients', 'update', notes.client_id, '--launch-uri', 'http://localhost:8080/');
    expect(await store.oidc.find('Client', notes.client_id)).toMatchObject({ logo_uri: 'https://notes.example.com/logo.png', client_uri: 'http://localhost:8080/' });

    const changed = await idp('clients', 'update', notes.client_id, '--logo-uri', 'https://cdn.example.com/notes.svg', '--json');
    expect(onlyJson(changed.stdout)).toMatchObject({ logo_uri: 'https://cdn.example.com/notes.svg', launch_uri: 'http://localhost:8080/' });

    await idp('clients', 'update', notes.client_id, '--logo-uri', 'none', '--launch-uri', 'none');
    const record = (await store.oidc.find('Client', notes.client_id))!;
    expect(record).not.toHaveProperty('logo_uri');
    expect(record).not.toHaveProperty('client_uri');
  });

  it('refuses a logo or launch address that breaks the rules, changing nothing', async () => {
    const notes = await addNotes('--launch-uri', 'https://notes.example.com/');
    const before = await store.oidc.find('Client', notes.client_id);

    const result = await idp('clients', 'update', notes.client_id, '--logo-uri', 'https://notes.example.com/logo.png#x', '--launch-uri', 'https://notes.example.com/app');

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--logo-uri "https:\/\/notes.example.com\/logo.png#x" must not contain a fragment/);
    expect(await store.oidc.find('Client', notes.client_id)).toEqual(before);
  });

  it('warns when PKCE becomes optional', async () => {
    const notes = await addNotes();
    const result = await idp('clients', 'update', notes.client_id, '--pkce', 'optional');
    expect(result.stderr).toMatch(/Warning: PKCE is optional for "Notes"/);
  });

  it.each([
    ['a bad redirect URI', ['--redirect-uri', 'http://notes.example.com/cb'], /--redirect-uri "http:\/\/notes.example.com\/cb" must use https/],
    ['an unknown algorithm', ['--id-token-alg', 'HS256'], /--id-token-alg must be/],
    ['nothing to change', [], /nothing to change/],
    ['a non-boolean first-party', ['--first-party', 'maybe'], /--first-party must be yes or no/],
  ])('refuses %s, changing nothing', async (_case, args, message) => {
    const notes = await addNotes();
    const before = await store.oidc.find('Client', notes.client_id);

    const result = await idp('clients', 'update', notes.client_id, ...args);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(await store.oidc.find('Client', notes.client_id)).toEqual(before);
  });

  it('refuses to make PKCE optional for a public app', async () => {
    const app = onlyJson((await idp('clients', 'add', ...WEB, '--public', '--json')).stdout) as Record<string, string>;
    const result = await idp('clients', 'update', app.client_id, '--pkce', 'optional');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--pkce cannot be optional for a public app');
  });

  it('fails with a message for an unknown client', async () => {
    const result = await idp('clients', 'update', 'no-such-client', '--name', 'X');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No client with client_id "no-such-client"');
    expect(await store.oidc.count('Client')).toBe(0);
  });
});

describe('idp clients rotate-secret', () => {
  it('prints a new secret once and stores it in place of the old one', async () => {
    const notes = onlyJson((await idp('clients', 'add', ...WEB, '--json')).stdout) as Record<string, string>;

    const result = await idp('clients', 'rotate-secret', notes.client_id, '--json');

    expect(result.code).toBe(0);
    const printed = onlyJson(result.stdout) as Record<string, string>;
    expect(printed.client_id).toBe(notes.client_id);
    expect(printed.client_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(printed.client_secret).not.toBe(notes.client_secret);
    expect((await store.oidc.find('Client', notes.client_id))?.client_secret).toBe(printed.client_secret);
    expect((await idp('clients', 'list', '--json')).stdout).not.toContain(printed.client_secret);
  });

  it('refuses a public app, which has no secret, and an unknown one', async () => {
    const app = onlyJson((await idp('clients', 'add', ...WEB, '--public', '--json')).stdout) as Record<string, string>;
    const publicApp = await idp('clients', 'rotate-secret', app.client_id);
    expect(publicApp.code).toBe(2);
    expect(publicApp.stderr).toContain('no secret to rotate');
    expect((await store.oidc.find('Client', app.client_id))?.client_secret).toBeUndefined();

    expect((await idp('clients', 'rotate-secret', 'nope')).code).toBe(1);
  });
});

describe('idp usage', () => {
  it.each([
    [['--help'], /Usage: idp GROUP COMMAND[\s\S]*clients/],
    [['clients', '--help'], /Usage: idp clients COMMAND[\s\S]*add[\s\S]*list[\s\S]*remove/],
    [['clients', 'add', '--help'], /Usage: idp clients add --name NAME --redirect-uri URI/],
    [['clients', 'add', '--name', 'x', '-h'], /Usage: idp clients add/],
  ])('prints usage on stdout for %j without opening the store', async (argv, usage) => {
    const result = await idp(...argv);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(usage);
    expect(opened).toBe(0);
  });

  it.each([[[]], [['clients']], [['nothing']], [['clients', 'rename']]])('exits 2 with usage on stderr for %j', async (argv) => {
    const result = await idp(...argv);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/idp/);
  });
});
