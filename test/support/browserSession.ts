/**
 * A browser, as far as HTTP goes: a cookie jar that honours cookie paths, requests that carry the
 * headers a browser adds (Origin and Sec-Fetch-Site on POST), and no automatic redirects, so tests
 * see every hop.
 */
export interface Hop { status: number; location: string | null; body: string; json: any; headers: Headers; url: string }

interface Cookie { value: string; path: string }

export class BrowserSession {
  private readonly cookies = new Map<string, Cookie>();

  /**
   * `clientIp` is sent as X-Forwarded-For, which the provider believes only with TRUST_PROXY on:
   * tests of per-IP rate limits use it to be several clients.
   */
  constructor(
    readonly origin: string,
    private readonly options: {
      userAgent?: string;
      clientIp?: string;
      /** The https origin people use, when requests reach the provider through a TLS-terminating proxy. */
      publicOrigin?: string;
    } = {},
  ) {}

  /** What the browser would see as the address: the public origin behind a proxy. */
  private toTransport(url: URL): URL {
    const { publicOrigin } = this.options;
    return publicOrigin && url.origin === publicOrigin ? new URL(url.pathname + url.search, this.origin) : url;
  }

  cookieNames(): string[] {
    return [...this.cookies.keys()];
  }

  private cookieHeader(url: URL): string {
    return [...this.cookies.entries()]
      .filter(([, cookie]) => url.pathname.startsWith(cookie.path))
      .map(([name, cookie]) => `${name}=${cookie.value}`)
      .join('; ');
  }

  private remember(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const [name, ...rest] = pair.split('=');
      const value = rest.join('=');
      const path = attributes.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      const expired = attributes.some((a) => a.toLowerCase().startsWith('expires=') && new Date(a.slice(8)) < new Date());
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, { value, path });
    }
  }

  async request(url: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Hop> {
    const target = this.toTransport(new URL(url, this.options.publicOrigin ?? this.origin));
    const method = init.method ?? 'GET';
    const headers: Record<string, string> = {
      'User-Agent': this.options.userAgent ?? 'Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36',
      Accept: 'text/html',
      ...(this.options.clientIp ? { 'X-Forwarded-For': this.options.clientIp } : {}),
      ...(this.options.publicOrigin ? { 'X-Forwarded-Proto': 'https' } : {}),
      ...init.headers,
    };
    if (method !== 'GET' && !('Origin' in headers)) headers.Origin = this.options.publicOrigin ?? this.origin;
    if (method !== 'GET' && !('Sec-Fetch-Site' in headers)) headers['Sec-Fetch-Site'] = 'same-origin';
    const cookie = this.cookieHeader(target);
    if (cookie) headers.Cookie = cookie;
    const response = await fetch(target, { method, body: init.body, headers, redirect: 'manual' });
    this.remember(response.headers);
    const body = await response.text();
    let json: unknown = null;
    try { json = JSON.parse(body); } catch { /* not JSON */ }
    const location = response.headers.get('location');
    return {
      status: response.status, location: location ? this.toTransport(new URL(location, target)).href : null, body, json, headers: response.headers, url: target.href,
    };
  }

  get(url: string, headers: Record<string, string> = {}): Promise<Hop> {
    return this.request(url, { headers });
  }

  postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Hop> {
    return this.request(url, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers } });
  }

  postForm(url: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Hop> {
    return this.request(url, { method: 'POST', body: new URLSearchParams(fields).toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers } });
  }

  /** Follows redirects from `url` until one leaves `stopAt` (an origin or URL prefix) or a page answers. */
  async follow(url: string, stopAt?: string): Promise<Hop> {
    let hop = await this.get(url);
    for (let i = 0; i < 10 && hop.location; i++) {
      if (stopAt && hop.location.startsWith(stopAt)) return hop;
      hop = await this.get(hop.location);
    }
    return hop;
  }
}
