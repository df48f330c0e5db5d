/**
 * The load generator's HTTP: a browser's cookie jar and headers (as test/support/browserSession.ts,
 * which this mirrors) over node:http with keep-alive connections, because fetch costs the load
 * generator more CPU than it needs on a 2-core machine. Every connection goes to 127.0.0.1; the Host
 * header names the issuer (http://localhost:PORT), so URLs, cookies and origins are the issuer's.
 */
import { Agent, request } from 'node:http';

export interface Hop { status: number; location: string | null; body: string; headers: Record<string, string | string[] | undefined> }

export interface Target {
  /** The issuer's origin, e.g. http://localhost:41234. */
  origin: string;
  agent: Agent;
}

export function targetFor(origin: string, maxSockets: number): Target {
  // Idle connections are dropped after 4 s, before the server's 5 s keep-alive timeout closes them under a
  // request (the servers sit idle while the other one runs its round).
  return { origin, agent: new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, timeout: 4_000 }) };
}

/** One HTTP request to the target; the body is read whole. */
export function send(target: Target, url: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Hop> {
  const address = new URL(url, target.origin);
  return new Promise((resolve, reject) => {
    const req = request({
      agent: target.agent,
      host: '127.0.0.1',
      port: address.port,
      method: init.method ?? 'GET',
      path: address.pathname + address.search,
      headers: { Host: address.host, ...(init.body === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(init.body)) }), ...init.headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const location = res.headers.location;
        resolve({
          status: res.statusCode ?? 0,
          location: location ? new URL(location, address).href : null,
          body: Buffer.concat(chunks).toString('utf8'),
          headers: res.headers,
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

interface Cookie { value: string; path: string }

/** A fresh browser: its own cookies, as a person opening the app on a new device. */
export class Browser {
  private readonly cookies = new Map<string, Cookie>();

  constructor(private readonly target: Target, private readonly userAgent = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36') {}

  async request(url: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Hop> {
    const path = new URL(url, this.target.origin).pathname;
    const headers: Record<string, string> = { 'User-Agent': this.userAgent, Accept: 'text/html', ...init.headers };
    if (init.method && init.method !== 'GET') {
      headers.Origin = this.target.origin;
      headers['Sec-Fetch-Site'] = 'same-origin';
    }
    const cookie = [...this.cookies].filter(([, c]) => path.startsWith(c.path)).map(([name, c]) => `${name}=${c.value}`).join('; ');
    if (cookie) headers.Cookie = cookie;
    const hop = await send(this.target, url, { ...init, headers });
    this.remember((hop.headers['set-cookie'] as string[] | undefined) ?? []);
    return hop;
  }

  get(url: string): Promise<Hop> {
    return this.request(url);
  }

  postJson(url: string, body: unknown): Promise<Hop> {
    return this.request(url, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', Accept: 'application/json' } });
  }

  postForm(url: string, fields: Record<string, string>): Promise<Hop> {
    return this.request(url, { method: 'POST', body: new URLSearchParams(fields).toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  }

  private remember(lines: string[]): void {
    for (const line of lines) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator);
      const value = pair.slice(separator + 1);
      const path = attributes.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      const expired = attributes.some((a) => a.toLowerCase().startsWith('expires=') && new Date(a.slice(8)) < new Date());
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, { value, path });
    }
  }
}
