import { describe, expect, it } from 'vitest';
import { requestIdFrom } from './request-id';

describe('requestIdFrom', () => {
  it('makes distinct well-formed ids, across refills of its entropy pool', () => {
    const ids = Array.from({ length: 2000 }, () => requestIdFrom(new Headers()));
    for (const id of ids) expect(id).toMatch(/^req_[A-Za-z0-9_-]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps a well-formed incoming id and replaces a malformed one', () => {
    expect(requestIdFrom(new Headers({ 'x-request-id': 'lb-1234abcd' }))).toBe('lb-1234abcd');
    expect(requestIdFrom(new Headers({ 'x-request-id': 'bad id!' }))).toMatch(/^req_/);
    expect(requestIdFrom(new Headers({ 'x-request-id': 'x'.repeat(65) }))).toMatch(/^req_/);
  });
});
