/**
 * The receiving end of OpenID Connect Back-Channel Logout 1.0, as a relying app runs it: a real HTTP
 * server on 127.0.0.1 that takes `logout_token` form posts at /backchannel/NAME, answers each with
 * the next status queued for NAME (200 when none), and validates every token as §2.6 tells an app to:
 * signature against the provider's JWKS, iss, aud, iat, jti, the logout event, sub or sid, no nonce.
 */
import { createPublicKey, verify } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

export interface ReceivedLogout {
  app: string;
  token: string;
  /** The status this receiver answered with. */
  status: number;
}

export interface LogoutClaims {
  iss: string;
  aud: string;
  iat: number;
  jti: string;
  sub?: string;
  sid?: string;
  events: Record<string, unknown>;
  [claim: string]: unknown;
}

export class LogoutReceiver {
  readonly received: ReceivedLogout[] = [];
  private readonly statuses = new Map<string, number[]>();
  private waiters: Array<() => void> = [];

  private constructor(private readonly server: Server, readonly origin: string) {}

  static async start(): Promise<LogoutReceiver> {
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const receiver = new LogoutReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (req, res) => {
      let body = '';
      req.on('data', (chunk) => { body += chunk; });
      req.on('end', () => {
        const app = /^\/backchannel\/([^/?]+)/.exec(req.url ?? '')?.[1];
        const token = new URLSearchParams(body).get('logout_token');
        if (req.method !== 'POST' || !app || !token || req.headers['content-type'] !== 'application/x-www-form-urlencoded') {
          res.writeHead(400).end();
          return;
        }
        const status = receiver.statuses.get(app)?.shift() ?? 200;
        receiver.received.push({ app, token, status });
        res.writeHead(status, { 'Cache-Control': 'no-store' }).end();
        for (const wake of receiver.waiters.splice(0)) wake();
      });
    });
    return receiver;
  }

  uri(app: string): string {
    return `${this.origin}/backchannel/${app}`;
  }

  /** The next answers for `app`, in order (e.g. [500] makes the first attempt fail). */
  answer(app: string, ...statuses: number[]): void {
    this.statuses.set(app, statuses);
  }

  /** Resolves once `count` posts for `app` have arrived (or throws after a generous wait). */
  async waitFor(app: string, count: number, timeoutMs = 30_000): Promise<ReceivedLogout[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const got = this.received.filter((r) => r.app === app);
      if (got.length >= count) return got;
      if (Date.now() > deadline) throw new Error(`expected ${count} logout tokens for ${app}, got ${got.length}`);
      await new Promise<void>((wake) => {
        this.waiters.push(wake);
        setTimeout(wake, 200);
      });
    }
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((done) => this.server.close(() => done()));
  }
}

function part(token: string, index: number): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[index], 'base64url').toString()) as Record<string, unknown>;
}

/** Back-Channel Logout 1.0 §2.6 validation; throws with the reason a relying app would refuse the token. */
export async function verifyLogoutToken(token: string, issuer: string, clientId: string): Promise<LogoutClaims> {
  const header = part(token, 0);
  const claims = part(token, 1) as LogoutClaims;
  const { keys } = await (await fetch(`${issuer}/jwks`)).json() as { keys: Array<Record<string, unknown>> };
  const jwk = keys.find((key) => key.kid === header.kid);
  if (!jwk) throw new Error(`no key ${String(header.kid)} in the provider's JWKS`);
  const key = createPublicKey({ key: jwk as never, format: 'jwk' });
  const [h, p, s] = token.split('.');
  const signed = Buffer.from(`${h}.${p}`);
  const signature = Buffer.from(s, 'base64url');
  const valid = header.alg === 'RS256' ? verify('sha256', signed, key, signature)
    : header.alg === 'ES256' ? verify('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, signature)
      : header.alg === 'EdDSA' ? verify(null, signed, key, signature) : false;
  if (!valid) throw new Error(`bad ${String(header.alg)} signature`);
  if (header.typ !== undefined && header.typ !== 'logout+jwt') throw new Error(`typ ${String(header.typ)}`);
  if (claims.iss !== issuer) throw new Error(`iss ${claims.iss}`);
  if (claims.aud !== clientId && !(Array.isArray(claims.aud) && claims.aud.includes(clientId))) throw new Error(`aud ${String(claims.aud)}`);
  if (typeof claims.iat !== 'number' || Math.abs(claims.iat - Date.now() / 1000) > 300) throw new Error('iat missing or far off');
  if (typeof claims.jti !== 'string' || !claims.jti) throw new Error('no jti');
  if (typeof claims.events !== 'object' || claims.events === null || !(LOGOUT_EVENT in claims.events)) throw new Error('no logout event');
  if (!claims.sub && !claims.sid) throw new Error('neither sub nor sid');
  if ('nonce' in claims) throw new Error('a logout token must not carry a nonce');
  return claims;
}
