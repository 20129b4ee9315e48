import { describe, expect, it } from 'vitest';
import { decodeEntry, decodeEntryHeader, encodeEntry, ENTRY_HEADER_MAX_BYTES, etagOf } from './entry';

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

  it('reads the header from the first bytes of an entry, as GETRANGE returns them', () => {
    const body = JSON.stringify({ items: ['x'.repeat(500)] });
    const prefix = (raw: string) => Buffer.from(raw).subarray(0, ENTRY_HEADER_MAX_BYTES).toString();
    expect(decodeEntryHeader(prefix(encodeEntry({ gens: [7, 9], etag: etagOf(body), body })))).toEqual({ gens: [7, 9], etag: etagOf(body) });
    // The longest header the format allows still fits.
    const longest = { gens: [999_999_999_999_999, 999_999_999_999_999] as [number, number], etag: `"${'a'.repeat(64)}"` };
    expect(decodeEntryHeader(prefix(encodeEntry({ ...longest, body })))).toEqual(longest);
    expect(decodeEntryHeader('')).toBeNull(); // GETRANGE of a missing key
    expect(decodeEntryHeader(prefix('{"g":[0,0],"d":"' + 'x'.repeat(200) + '"}'))).toBeNull();
  });

  it('gives equal bodies equal ETags and different bodies different ones', () => {
    expect(etagOf('{"a":1}')).toBe(etagOf('{"a":1}'));
    expect(etagOf('{"a":1}')).not.toBe(etagOf('{"a":2}'));
    expect(etagOf('{}')).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
  });
});
