import { describe, expect, it } from 'vitest';
import { ApiKeyCache, jwtTimes, refreshAt } from './api-keys';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (claims: Record<string, unknown>) => `${b64({ alg: 'none' })}.${b64(claims)}.`;

describe('refreshAt', () => {
  it('retires a 2 h key five minutes before exp, a short one a quarter of its life early', () => {
    expect(refreshAt(jwt({ iat: 1000, exp: 8200 }), 1000)).toBe(7900);
    expect(refreshAt(jwt({ iat: 1000, exp: 1040 }), 1000)).toBe(1030);
    expect(jwtTimes('opaque-key')).toBeNull();
    expect(refreshAt('opaque-key', 1000)).toBe(1600);
  });
});

describe('ApiKeyCache', () => {
  it('shares one fetch between concurrent callers and reuses the key until refreshAt', async () => {
    const cache = new ApiKeyCache();
    let fetches = 0;
    const fetchKey = async () => {
      fetches++;
      await new Promise((r) => setTimeout(r, 5));
      return jwt({ iat: 1000, exp: 8200 });
    };
    const keys = await Promise.all([1, 2, 3, 4].map(() => cache.get('k', fetchKey, 1000)));
    expect(new Set(keys).size).toBe(1);
    expect(fetches).toBe(1);
    await cache.get('k', fetchKey, 7899);
    expect(fetches).toBe(1);
    await cache.get('k', fetchKey, 7900);
    expect(fetches).toBe(2);
  });

  it('forgets a failed fetch, and invalidates only the key that got a 401', async () => {
    const cache = new ApiKeyCache();
    await expect(cache.get('k', async () => Promise.reject(new Error('down')), 0)).rejects.toThrow('down');
    const a = await cache.get('k', async () => jwt({ iat: 0, exp: 7200, n: 1 }), 0);
    cache.invalidate('k', 'some-older-key');
    expect(await cache.get('k', async () => 'unexpected', 1)).toBe(a);
    cache.invalidate('k', a);
    expect(await cache.get('k', async () => jwt({ iat: 1, exp: 7201, n: 2 }), 1)).not.toBe(a);
  });
});
