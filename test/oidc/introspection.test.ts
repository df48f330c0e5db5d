/**
 * Introspection answers only the client a token was issued to (or a resource server in its
 * audience): another confidential client learns nothing but `active: false` (RFC 7662 §4).
 */
import { registerClient, type RegisteredClient } from '../support/relyingApp.js';
import { startTestProvider, type TestProvider } from '../support/testProvider.js';

describe('token introspection', () => {
  let provider: TestProvider;
  let owner: RegisteredClient;
  let stranger: RegisteredClient;

  async function tokenEndpoint(path: string, client: RegisteredClient, fields: Record<string, string>) {
    const response = await fetch(`${provider.origin}${path}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams(fields),
    });
    return { status: response.status, json: await response.json() as Record<string, unknown> };
  }

  beforeAll(async () => {
    provider = await startTestProvider();
    const extra = { grant_types: ['authorization_code', 'refresh_token', 'client_credentials'] };
    owner = await registerClient(provider.store, { name: 'Owner', extra });
    stranger = await registerClient(provider.store, { name: 'Stranger', extra });
  });
  afterAll(() => provider.close());

  it("answers the token's own client, and tells another client only that it is not active", async () => {
    const issued = await tokenEndpoint('/token', owner, { grant_type: 'client_credentials' });
    expect(issued.status).toBe(200);
    const token = String(issued.json.access_token);

    const own = await tokenEndpoint('/token/introspection', owner, { token });
    expect(own.json).toMatchObject({ active: true, client_id: owner.clientId });

    const other = await tokenEndpoint('/token/introspection', stranger, { token });
    expect(other.status).toBe(200);
    expect(other.json).toEqual({ active: false });
  });
});
