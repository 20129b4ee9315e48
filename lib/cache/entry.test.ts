import { describe, expect, it } from 'vitest';
import { decodeEntry, encodeEntry, etagOf } from './entry';

describe('cache entry format', () => {
  it('round-trips generations, ETag and body byte for byte', () => {
    const body = JSON.stringify({ items: [{ d: 'Pix recebido — José\nlinha 2', v: '10.50' }], nextCursor: null });
    const entry = { gens: [3, 41] as [number, number], etag: etagOf(body), body };
    expect(decodeEntry(encodeEntry(entry))).toEqual(entry);
  });

  it('keeps a body that itself contains newlines and header-like text', () => {
    const body = '"1:2:\\"x\\"\\n"';
    expect(decodeEntry(encodeEntry({ gens: [0, 0], etag: '"abc"', body }))?.body).toBe(body);
  });

  it('rejects what is not an entry', () => {
    expect(decodeEntry('{"g":[0,0],"d":1}')).toBeNull(); // the previous JSON envelope
    expect(decodeEntry('{not json')).toBeNull();
    expect(decodeEntry('1:2:"e"')).toBeNull(); // no body line
    expect(decodeEntry('1:x:"e"\n{}')).toBeNull();
    expect(decodeEntry('1:2:e\n{}')).toBeNull();
    expect(decodeEntry('')).toBeNull();
  });

  it('gives equal bodies equal ETags and different bodies different ones', () => {
    expect(etagOf('{"a":1}')).toBe(etagOf('{"a":1}'));
    expect(etagOf('{"a":1}')).not.toBe(etagOf('{"a":2}'));
    expect(etagOf('{}')).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
  });
});
