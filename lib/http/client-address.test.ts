import { afterEach, describe, expect, it } from 'vitest';
import { addressBucket, clientAddress, clientUsesHttps, deriveClientAddress, normalizeAddress, UNKNOWN_ADDRESS } from '@/lib/http/client-address';
import { PEER_ADDRESS_HEADER, PEER_PROTO_HEADER, stampForTests } from '@/lib/http/peer-stamp';
import { resetEnvCache } from '@/lib/env';

const saved = { ...process.env };
afterEach(() => {
  for (const k of ['TRUSTED_PROXIES', 'APP_URL']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  resetEnvCache();
});

function setEnv(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
}

describe('deriveClientAddress', () => {
  it('with no trusted proxy is the TCP peer, whatever X-Forwarded-For says', () => {
    expect(deriveClientAddress('203.0.113.9', '6.6.6.6', 0)).toBe('203.0.113.9');
    expect(deriveClientAddress('203.0.113.9', null, 0)).toBe('203.0.113.9');
  });

  it('with N trusted proxies is the N-th address from the right of X-Forwarded-For + peer', () => {
    // client → proxy A (appends client) → app; the client prepended a lie.
    expect(deriveClientAddress('10.0.0.2', '6.6.6.6, 198.51.100.7', 1)).toBe('198.51.100.7');
    // client → CDN → LB → app
    expect(deriveClientAddress('10.0.0.3', '6.6.6.6, 198.51.100.7, 172.16.0.5', 2)).toBe('198.51.100.7');
    // fewer hops than configured: the furthest known one
    expect(deriveClientAddress('10.0.0.2', null, 1)).toBe('10.0.0.2');
    expect(deriveClientAddress('10.0.0.2', '198.51.100.7', 3)).toBe('198.51.100.7');
  });

  it('skips garbage a proxy was given and falls back to the nearer trusted hop', () => {
    expect(deriveClientAddress('10.0.0.2', 'not-an-ip', 1)).toBe('10.0.0.2');
  });

  it('is unknown without a peer', () => {
    expect(deriveClientAddress(null, '6.6.6.6', 0)).toBe(UNKNOWN_ADDRESS);
    expect(deriveClientAddress('', '6.6.6.6', 1)).toBe(UNKNOWN_ADDRESS);
  });
});

describe('normalizeAddress / addressBucket', () => {
  it('canonicalises IPv4-mapped IPv6, ports and brackets', () => {
    expect(normalizeAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeAddress('[2001:DB8::1]:443')).toBe('2001:db8::1');
    expect(normalizeAddress('198.51.100.7:51234')).toBe('198.51.100.7');
    expect(normalizeAddress('unknown')).toBeNull();
  });

  it('counts IPv6 per /64 and IPv4 per address', () => {
    expect(addressBucket('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressBucket('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressBucket('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressBucket('::1')).toBe('0:0:0:0::/64');
    expect(addressBucket('198.51.100.7')).toBe('198.51.100.7');
  });
});

describe('clientAddress / clientUsesHttps from request headers', () => {
  it('trusts the stamp, not a client-sent X-Forwarded-For (TRUSTED_PROXIES unset)', () => {
    setEnv({ TRUSTED_PROXIES: undefined });
    const h = new Headers({ 'x-forwarded-for': '6.6.6.6' });
    stampForTests(h, '203.0.113.9');
    expect(clientAddress(h)).toBe('203.0.113.9');
    setEnv({ TRUSTED_PROXIES: '1' });
    expect(clientAddress(h)).toBe('6.6.6.6');
  });

  it('is unknown when the request carries no stamp', () => {
    const h = new Headers({ [PEER_ADDRESS_HEADER]: '203.0.113.9' });
    h.delete(PEER_ADDRESS_HEADER);
    expect(clientAddress(h)).toBe(UNKNOWN_ADDRESS);
  });

  it('Secure follows APP_URL, else a trusted proxy, else the socket; never a client X-Forwarded-Proto', () => {
    setEnv({ APP_URL: undefined, TRUSTED_PROXIES: undefined });
    const h = new Headers({ 'x-forwarded-proto': 'https' });
    stampForTests(h, '203.0.113.9', 'http');
    expect(clientUsesHttps(h)).toBe(false);
    h.set(PEER_PROTO_HEADER, 'https');
    expect(clientUsesHttps(h)).toBe(true);
    h.set(PEER_PROTO_HEADER, 'http');
    setEnv({ TRUSTED_PROXIES: '1' });
    expect(clientUsesHttps(h)).toBe(true);
    h.set('x-forwarded-proto', 'https, http');
    expect(clientUsesHttps(h)).toBe(false);
    setEnv({ APP_URL: 'https://concilia.example.com', TRUSTED_PROXIES: undefined });
    expect(clientUsesHttps(new Headers())).toBe(true);
    setEnv({ APP_URL: 'http://localhost:3000' });
    h.set('x-forwarded-proto', 'https');
    expect(clientUsesHttps(h)).toBe(false);
  });
});
