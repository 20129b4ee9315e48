import { describe, expect, it } from 'vitest';
import { LocalBodies } from './local-bodies';

const bytes = (n: number, fill = 1) => new Uint8Array(n).fill(fill);

describe('LocalBodies', () => {
  it('gives a body back only for the ETag it was stored with', () => {
    const store = new LocalBodies(1024);
    store.set('k', '"a"', bytes(10));
    expect(store.get('k', '"a"')).toEqual(bytes(10));
    expect(store.get('k', '"b"')).toBeUndefined();
    expect([store.has('k'), store.has('other')]).toEqual([true, false]);
    store.set('k', '"b"', bytes(20, 2));
    expect(store.get('k', '"a"')).toBeUndefined();
    expect(store.size).toEqual({ entries: 1, bytes: 20 });
  });

  it('stays within its byte bound, least recently used out first', () => {
    const store = new LocalBodies(1000);
    for (const k of ['a', 'b', 'c', 'd']) store.set(k, '"e"', bytes(100));
    expect(store.get('a', '"e"')).toBeDefined(); // a is now the most recent
    for (const k of ['e', 'f', 'g', 'h', 'i', 'j', 'k']) store.set(k, '"e"', bytes(100));
    expect(store.size.bytes).toBeLessThanOrEqual(1000);
    expect(store.get('b', '"e"')).toBeUndefined();
    expect(store.get('a', '"e"')).toBeDefined();
  });

  it('does not hold a body larger than an eighth of its bound, nor anything when off', () => {
    const store = new LocalBodies(800);
    store.set('big', '"e"', bytes(101));
    expect(store.get('big', '"e"')).toBeUndefined();
    const off = new LocalBodies(0);
    expect(off.enabled).toBe(false);
    off.set('k', '"e"', bytes(1));
    expect(off.size).toEqual({ entries: 0, bytes: 0 });
  });
});
