import { relyingPartyFor } from './relyingParty.js';

describe('relyingPartyFor', () => {
  it('takes the RP ID from the issuer host and the origin from its scheme, host and port', () => {
    expect(relyingPartyFor('https://id.example.com/oidc', 'Example')).toEqual({ id: 'id.example.com', name: 'Example', origin: 'https://id.example.com' });
    expect(relyingPartyFor('http://localhost:3000', 'Dev')).toEqual({ id: 'localhost', name: 'Dev', origin: 'http://localhost:3000' });
  });
});
