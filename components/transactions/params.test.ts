import { describe, expect, it } from 'vitest';
import { parseTxnSearch, txnSearchString } from '@/components/transactions/params';

describe('transaction filters in the URL', () => {
  it('keeps valid filters with the API types', () => {
    expect(parseTxnSearch(new URLSearchParams('type=CREDIT&ignored=false&q=joão&from=2026-01-01&to=2026-01-31'))).toEqual({
      limit: 50,
      type: 'CREDIT',
      ignored: false,
      q: 'joão',
      from: '2026-01-01',
      to: '2026-01-31',
    });
  });
  it('drops what the API would refuse', () => {
    expect(parseTxnSearch({ type: 'CREDITO', from: '2026-02-30', accountId: 'x', q: ' ' })).toEqual({ limit: 50 });
    expect(parseTxnSearch({ from: '2026-02-01', to: '2026-01-01' })).toEqual({ limit: 50, from: '2026-02-01' });
  });
  it('round-trips through the query string, the export without the cursor', () => {
    const p = parseTxnSearch(new URLSearchParams('type=DEBIT&cursor=abc&q=aluguel'));
    expect(parseTxnSearch(new URLSearchParams(txnSearchString(p)))).toEqual(p);
    expect(txnSearchString(p, { withCursor: false })).toBe('type=DEBIT&q=aluguel');
  });
});
