import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import Provider, { type ClientMetadata, type Configuration } from 'oidc-provider';
import { runCli } from '../../src/cli/run.js';
import { clientProperties, validateClientProperty } from '../../src/oidc/clientPolicy.js';
import { ID_TOKEN_ALGS } from '../../src/oidc/createProvider.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/ports.js';

// The records the CLI writes are read by oidc-provider, which refuses metadata it considers invalid
// only when a client is first used. Validate them here with its own schema instead.
let store: Store;

beforeEach(async () => {
  store = await openStore('sqlite::memory:');
});

afterEach(async () => {
  await store.close();
});

async function addClient(...args: string[]): Promise<Record<string, unknown>> {
  let stdout = '';
  const code = await runCli(['clients', 'add', ...args, '--json'], {
    openStore: async () => store,
    openMail: () => Promise.reject(new Error('client commands send no mail')),
    out: (text) => {
      stdout += text;
    },
    err: () => {},
  });
  expect(code).toBe(0);
  const { client_id } = JSON.parse(stdout) as { client_id: string };
  return (await store.oidc.find('Client', client_id))!;
}

describe('client records written by idp clients add', () => {
  // Only the client schema is used: no adapter calls, no signing. Keys and settings keep it quiet.
  const provider = new Provider('http://localhost:3000', {
    extraClientMetadata: {
      properties: [...clientProperties],
      validator: validateClientProperty as NonNullable<Configuration['extraClientMetadata']>['validator'],
    },
    jwks: {
      keys: [
        { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), alg: 'RS256' },
        { ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }), alg: 'ES256' },
        { ...generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }), alg: 'EdDSA' },
      ],
    },
    // As in the provider: clients carry no algorithm of their own and get this default.
    clientDefaults: { id_token_signed_response_alg: ID_TOKEN_ALGS[0] },
    enabledJWA: { idTokenSigningAlgValues: [...ID_TOKEN_ALGS] },
    features: { devInteractions: { enabled: false }, backchannelLogout: { enabled: true }, deviceFlow: { enabled: true } },
    adapter: class {} as unknown as Configuration['adapter'],
  });

  it.each([
    ['a confidential web app', ['--name', 'Notes', '--redirect-uri', 'https://notes.example.com/cb', '--post-logout-redirect-uri', 'https://notes.example.com/']],
    ['a first-party app on localhost', ['--name', 'Dev', '--first-party', '--redirect-uri', 'http://localhost:8080/cb']],
    ['a public single-page app', ['--name', 'SPA', '--public', '--redirect-uri', 'https://spa.example.com/']],
    ['a public native app', ['--name', 'Desktop', '--public', '--redirect-uri', 'com.example.app:/cb', '--redirect-uri', 'http://[::1]/cb']],
    ['an app with optional PKCE', ['--name', 'Legacy', '--pkce', 'optional', '--redirect-uri', 'https://legacy.example.com/cb']],
    ['an app for EdDSA ID tokens without scope claims in them', ['--name', 'Ed', '--id-token-alg', 'EdDSA', '--id-token-claims', 'no', '--redirect-uri', 'https://ed.example.com/cb']],
    ['a command-line app that signs in only with the device flow', ['--name', 'CLI', '--public', '--device']],
    ['a web app that also uses the device flow', ['--name', 'TV', '--device', '--redirect-uri', 'https://tv.example.com/cb']],
    ['an app with back-channel logout', ['--name', 'BC', '--backchannel-logout-uri', 'https://bc.example.com/logout', '--redirect-uri', 'https://bc.example.com/cb']],
  ])('are accepted by oidc-provider for %s', async (_case, args) => {
    const metadata = await addClient(...args);

    await expect(provider.Client.validate(metadata as ClientMetadata)).resolves.toBeUndefined();
  });

  it('would be refused by oidc-provider for a public client with optional PKCE', async () => {
    const metadata = await addClient('--name', 'SPA', '--public', '--redirect-uri', 'https://spa.example.com/');

    await expect(provider.Client.validate({ ...metadata, pkce: 'optional' } as unknown as ClientMetadata)).rejects.toMatchObject({
      error_description: expect.stringMatching(/pkce cannot be optional/),
    });
  });

  it('would be refused by oidc-provider for a custom scheme without application_type native', async () => {
    // Guards the reason checkRedirectUris derives application_type: without it, native apps break.
    const metadata = await addClient('--name', 'Desktop', '--public', '--redirect-uri', 'com.example.app:/cb');

    await expect(provider.Client.validate({ ...metadata, application_type: 'web' } as ClientMetadata)).rejects.toMatchObject({
      error_description: expect.stringMatching(/web uris/),
    });
  });
});
