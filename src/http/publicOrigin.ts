/**
 * What the provider believes about where a request was sent: to IDP_ISSUER, always.
 *
 * oidc-provider builds every URL it emits (discovery, the logout form's action, the return to the
 * authorization after sign-in) from Koa's `ctx.href`, which Koa takes from the Host or X-Forwarded-Host
 * header, from X-Forwarded-Proto, or from an absolute request target (`GET http://host/path`). Any
 * of these would let a request choose the host in a discovery document that a cache then hands to
 * everyone ("Host header poisoning"). So the app's request answers with the issuer's scheme and host,
 * whatever the request says, and that also makes cookies Secure whenever the issuer is https
 * (Koa's `ctx.secure` decides that), with or without X-Forwarded-Proto.
 *
 * The client's address comes from the trusted end of X-Forwarded-For (see clientAddress.ts).
 */
import type Koa from 'koa';

import type { ProxyTrust } from '../config/settings.js';
import { clientAddressFor } from './clientAddress.js';

const absoluteTarget = /^[a-z][a-z0-9+.-]*:\/\//i;

export function pinRequestsToIssuer(app: Koa, { issuer, trustProxy }: { issuer: string; trustProxy: ProxyTrust }): void {
  const { protocol, host, origin } = new URL(issuer);
  const scheme = protocol.slice(0, -1);
  const clientAddress = clientAddressFor(trustProxy);
  const ADDRESS = Symbol('client address');
  // Koa itself believes no forwarded header: the properties below decide.
  app.proxy = false;

  Object.defineProperties(app.request, {
    protocol: { configurable: true, get: () => scheme },
    host: { configurable: true, get: () => host },
    href: {
      configurable: true,
      get(this: Koa.Request) {
        // Ensure an absolute request target keeps its path and query only.
        const target = absoluteTarget.test(this.originalUrl) ? new URL(this.originalUrl) : null;
        return origin + (target ? target.pathname + target.search : this.originalUrl);
      },
    },
    URL: {
      configurable: true,
      get(this: Koa.Request) {
        return new URL(this.href);
      },
    },
    ip: {
      configurable: true,
      get(this: Koa.Request & { [ADDRESS]?: string }) {
        this[ADDRESS] ??= clientAddress(this.get('X-Forwarded-For'), this.socket.remoteAddress);
        return this[ADDRESS];
      },
      set(this: Koa.Request & { [ADDRESS]?: string }, address: string) {
        this[ADDRESS] = address;
      },
    },
  });
}
