import { describe, expect, it } from 'vitest';
import { MARKER_TTL_MS, signMarker, verifyMarker, type MarkerBinding, type RateLimitMarker } from '@/lib/api/rate-limit-marker';

const identity = { userId: 'u-1', mode: 'builtin' as const, email: 'a@example.com', name: null, sessionId: 's-1' };
const marker: RateLimitMarker = {
  policy: 'default',
  identifier: 'user:u-1',
  headers: { 'X-RateLimit-Limit': '60', 'X-RateLimit-Remaining': '59', 'X-RateLimit-Reset': '1800000000' },
  identity,
};
const binding = (over: Partial<{ method: string; pathname: string; cookie: string; authorization: string }> = {}): MarkerBinding => {
  const headers = new Headers();
  headers.set('cookie', over.cookie ?? 'concilia_session=abc');
  if (over.authorization) headers.set('authorization', over.authorization);
  return { method: over.method ?? 'GET', pathname: over.pathname ?? '/api/me', headers };
};

describe('rate-limit marker', () => {
  it('verifies what this process signed for the same request', () => {
    expect(verifyMarker(signMarker(marker, binding()), binding())).toEqual(marker);
  });

  it('refuses an unsigned marker, whatever it claims (the old JSON format included)', () => {
    for (const forged of [
      JSON.stringify(marker),
      `v1.${Buffer.from(JSON.stringify({ ...marker, exp: Date.now() + 1000 })).toString('base64url')}.${'A'.repeat(43)}`,
      `v1.${Buffer.from(JSON.stringify({ ...marker, exp: Date.now() + 1000 })).toString('base64url')}.`,
      'v1..',
      '',
      'x'.repeat(5000),
    ]) {
      expect(verifyMarker(forged, binding()), forged.slice(0, 40)).toBeNull();
    }
  });

  it('refuses a genuine marker moved to another method, path or credentials, or tampered with', () => {
    const real = signMarker(marker, binding());
    expect(verifyMarker(real, binding({ method: 'DELETE' }))).toBeNull();
    expect(verifyMarker(real, binding({ pathname: '/api/settings' }))).toBeNull();
    expect(verifyMarker(real, binding({ cookie: 'concilia_session=someone-else' }))).toBeNull();
    expect(verifyMarker(real, binding({ authorization: 'Bearer x' }))).toBeNull();
    const [v, payload, sig] = real.split('.') as [string, string, string];
    const changed = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), identity: { ...identity, userId: 'u-2' } }),
    ).toString('base64url');
    expect(verifyMarker(`${v}.${changed}.${sig}`, binding())).toBeNull();
  });

  it('expires', () => {
    const t0 = Date.now();
    const real = signMarker(marker, binding(), t0);
    expect(verifyMarker(real, binding(), t0 + MARKER_TTL_MS - 1)).not.toBeNull();
    expect(verifyMarker(real, binding(), t0 + MARKER_TTL_MS + 1)).toBeNull();
  });

  it('carries only numeric rate-limit headers, never others', () => {
    const signed = signMarker(
      { ...marker, headers: { ...marker.headers, 'X-Injected': 'yes', 'Retry-After': 'Wed, 21 Oct 2026' } as RateLimitMarker['headers'] },
      binding(),
    );
    expect(verifyMarker(signed, binding())?.headers).toEqual(marker.headers);
  });

  it('a key from another process (another globalThis) does not verify', () => {
    const real = signMarker(marker, binding());
    const key = Symbol.for('concilia.rateLimitMarkerKey');
    const g = globalThis as Record<symbol, unknown>;
    const mine = g[key];
    try {
      delete g[key];
      expect(verifyMarker(real, binding())).toBeNull();
    } finally {
      g[key] = mine;
    }
  });
});
