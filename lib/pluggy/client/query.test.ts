import { describe, expect, it } from 'vitest';
import { cursorFromNext, encodeQuery } from './query';

describe('encodeQuery', () => {
  it('percent-encodes values, so a base64 cursor and an ISO offset survive', () => {
    const q = encodeQuery({ after: 'ab+c/d==', createdAtFrom: '2026-01-01T00:00:00+03:00', accountId: 'x' });
    expect(q).toBe('?after=ab%2Bc%2Fd%3D%3D&createdAtFrom=2026-01-01T00%3A00%3A00%2B03%3A00&accountId=x');
    const back = new URLSearchParams(q);
    expect(back.get('after')).toBe('ab+c/d==');
    expect(back.get('createdAtFrom')).toBe('2026-01-01T00:00:00+03:00');
  });

  it('joins arrays with literal commas, skips null/undefined/empty, formats dates as UTC', () => {
    expect(encodeQuery({ ids: ['a b', 'c'], x: undefined, y: null, z: [], at: new Date(Date.UTC(2026, 0, 2)) })).toBe('?ids=a%20b,c&at=2026-01-02T00%3A00%3A00.000Z');
    expect(encodeQuery({})).toBe('');
    expect(encodeQuery(null)).toBe('');
  });
});

describe('cursorFromNext', () => {
  it('reads the decoded `after` from a relative or absolute next link', () => {
    expect(cursorFromNext('?accountId=1&after=%2B%2F%3D%3D')).toBe('+/==');
    expect(cursorFromNext('https://api.pluggy.ai/v2/transactions?after=abc')).toBe('abc');
    expect(cursorFromNext(null)).toBeNull();
    expect(cursorFromNext('?accountId=1')).toBeNull();
  });
});
