// Who is on the other end of a request, derived only from what can be
// trusted: the TCP peer (lib/http/peer-stamp.ts) and, when TRUSTED_PROXIES
// says the app sits behind that many reverse proxies, the addresses those
// proxies appended to X-Forwarded-For. Each proxy appends the address it
// received the request from, so with N trusted proxies the client is the N-th
// address from the right of [X-Forwarded-For…, peer]; everything further
// left was written by the client and is ignored. This only holds if the app
// cannot be reached except through those proxies.
import { isIP } from 'node:net';
import { env } from '@/lib/env';
import { log } from '@/lib/log';
import { PEER_ADDRESS_HEADER, PEER_PROTO_HEADER, peerStampInstalled } from '@/lib/http/peer-stamp';

/** The address when the peer is unknown (no stamp in this process): one shared bucket, never the client's word. */
export const UNKNOWN_ADDRESS = 'unknown';

/** Canonical text of an IP address (IPv4-mapped IPv6 as IPv4), or null when it is not one. */
export function normalizeAddress(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let a = raw.trim();
  // [v6]:port and v4:port, as some proxies write them.
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(':'));
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(a);
  if (mapped) a = mapped[1]!;
  const version = isIP(a);
  if (version === 4) return a;
  if (version === 6) return a.toLowerCase();
  return null;
}

/** The client address given the peer, the X-Forwarded-For value and the number of trusted proxies. */
export function deriveClientAddress(peer: string | null, forwardedFor: string | null, trustedProxies: number): string {
  const socket = normalizeAddress(peer);
  if (!socket) return UNKNOWN_ADDRESS;
  if (trustedProxies <= 0) return socket;
  const chain = (forwardedFor ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const all = [...chain, socket];
  // The peer and the trustedProxies - 1 entries before it are our proxies;
  // the entry before those is what the outermost one saw. Fewer entries than
  // proxies: the request came through fewer hops, take the furthest known.
  const start = Math.max(0, all.length - 1 - trustedProxies);
  for (let i = start; i < all.length; i++) {
    const address = normalizeAddress(all[i]);
    if (address) return address;
  }
  return socket;
}

let warnedUnstamped = false;

/** The client address of a request (see the header comment). */
export function clientAddress(headers: Pick<Headers, 'get'>): string {
  const peer = peerStampInstalled() ? headers.get(PEER_ADDRESS_HEADER) : null;
  if (!peer) {
    if (!warnedUnstamped) {
      warnedUnstamped = true;
      log('warn', 'client address unknown: requests are not stamped with their TCP peer (instrumentation.ts did not run)');
    }
    return UNKNOWN_ADDRESS;
  }
  return deriveClientAddress(peer, headers.get('x-forwarded-for'), env().TRUSTED_PROXIES);
}

/**
 * Whether the client reached us over HTTPS: APP_URL's scheme when it is set
 * (the public URL is the authority), else the X-Forwarded-Proto our nearest
 * trusted proxy wrote (its last value), else the socket's own scheme. A
 * client-sent X-Forwarded-Proto counts only behind trusted proxies.
 */
export function clientUsesHttps(headers: Pick<Headers, 'get'>): boolean {
  const { APP_URL, TRUSTED_PROXIES } = env();
  if (APP_URL) return new URL(APP_URL).protocol === 'https:';
  if (TRUSTED_PROXIES > 0) {
    const values = (headers.get('x-forwarded-proto') ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
    const last = values[values.length - 1];
    if (last) return last === 'https';
  }
  return peerStampInstalled() && headers.get(PEER_PROTO_HEADER) === 'https';
}

/**
 * The key rate limits and throttles count an address under. IPv6 clients
 * usually hold a whole /64, so one is counted per /64, not per address.
 */
export function addressBucket(address: string): string {
  if (isIP(address) !== 6) return address;
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

function expandIPv6(address: string): string[] {
  let a = address.toLowerCase();
  // An embedded IPv4 tail (::ffff:1.2.3.4 already normalised away; others are rare).
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(a);
  if (v4) {
    const [b0, b1, b2, b3] = v4.slice(1).map(Number) as [number, number, number, number];
    a = a.slice(0, v4.index) + `${((b0 << 8) | b1).toString(16)}:${((b2 << 8) | b3).toString(16)}`;
  }
  const [head, tail] = a.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((g) => g.replace(/^0+(?=.)/, ''));
}
