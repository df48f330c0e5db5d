/**
 * The client's address, as far as the proxies we trust vouch for it. Each proxy appends the address it
 * received the request from to X-Forwarded-For, so the header reads `what the client claimed, ...,
 * what proxy 1 saw, what proxy 2 saw` and the connection itself comes from the last proxy. Only the
 * right end was written by trusted hands: the left-most value is whatever the client sent, and taking
 * it would let anyone choose their address and slip past per-IP limits.
 *
 * Reading from the right (as Pocket ID and Kanidm do): skip one address per trusted proxy (a hop
 * count), or every address inside a trusted range; the first address left is the client.
 */
import { BlockList, isIP } from 'node:net';

import { isAddressRange } from '../config/addressRange.js';
import type { ProxyTrust } from '../config/settings.js';

export { isAddressRange };

/** `::ffff:192.0.2.1` (an IPv4 client on a dual-stack socket) is `192.0.2.1`. */
function plain(address: string): string {
  return address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
}

function rangeList(ranges: string[]): BlockList {
  const list = new BlockList();
  for (const range of ranges) {
    const [address, prefix] = range.split('/') as [string, string | undefined];
    const type = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(plain(address), type);
    else list.addSubnet(plain(address), Number(prefix), type);
  }
  return list;
}

export type ClientAddress = (forwardedFor: string, socketAddress: string | undefined) => string;

export function clientAddressFor(trust: ProxyTrust): ClientAddress {
  if (trust === false || trust === 0) return (_forwardedFor, socketAddress) => plain(socketAddress ?? '');
  const hops = trust === true ? 1 : trust;
  const trusted = Array.isArray(hops) ? rangeList(hops) : null;
  const isTrusted = (address: string) => {
    const family = isIP(address);
    return family !== 0 && trusted!.check(address, family === 4 ? 'ipv4' : 'ipv6');
  };

  return (forwardedFor, socketAddress) => {
    const chain = [
      ...forwardedFor.split(',').map((entry) => plain(entry.trim())).filter(Boolean),
      plain(socketAddress ?? ''),
    ];
    if (typeof hops === 'number') return chain[Math.max(0, chain.length - 1 - hops)]!;
    // Ensure a request that did not come through a trusted proxy names its own address, whatever it sends.
    for (let i = chain.length - 1; i >= 0; i--) if (!isTrusted(chain[i]!)) return chain[i]!;
    return chain[0]!;
  };
}
