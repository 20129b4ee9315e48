import { describe, expect, it } from 'vitest';
import { fakeClock } from '@/test/advbox';
import { AdvboxApiError } from './errors';
import { crawl, type Page } from './paging';
import { monthWindows } from './windows';

const items = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ id: from + i }));

function pages(script: (offset: number, call: number) => Page<{ id: number }> | Error) {
  let call = 0;
  const offsets: number[] = [];
  return {
    offsets,
    fetch: async (offset: number) => {
      offsets.push(offset);
      const r = script(offset, call++);
      if (r instanceof Error) throw r;
      return r;
    },
  };
}

const opts = () => ({ limit: 10, clock: fakeClock(), repeatPauseMs: 2000 });

describe('crawl', () => {
  it('advances by the items returned and stops at a short page', async () => {
    const p = pages((o) => ({ items: items(o, o < 20 ? 10 : 4), totalCount: null }));
    const r = await crawl(p.fetch, opts());
    expect(r).toMatchObject({ complete: true, stop: 'end', requests: 3 });
    expect(r.items).toHaveLength(24);
    expect(p.offsets).toEqual([0, 10, 20]);
  });

  it('stops once totalCount distinct ids are seen', async () => {
    const p = pages((o) => ({ items: items(o, 10), totalCount: 20 }));
    expect(await crawl(p.fetch, opts())).toMatchObject({ complete: true, stop: 'total_reached', requests: 2 });
  });

  it('asks a repeated page again once after a pause, and goes on when it then advances', async () => {
    const o = opts();
    const p = pages((offset, call) => ({ items: items(call === 1 ? 0 : offset, 10), totalCount: 30 }));
    const r = await crawl(p.fetch, o);
    expect(r).toMatchObject({ complete: true, requests: 4 });
    expect(r.items).toHaveLength(30);
    expect(p.offsets).toEqual([0, 10, 10, 20]);
    expect(o.clock.sleeps).toEqual([2000]);
  });

  it('ends incomplete when the repeat persists while totalCount says there is more', async () => {
    const p = pages(() => ({ items: items(0, 10), totalCount: 30 }));
    const r = await crawl(p.fetch, opts());
    expect(r).toMatchObject({ complete: false, stop: 'repeated_page', requests: 3, totalCount: 30 });
    expect(r.items).toHaveLength(10);
  });

  it('deduplicates ids across overlapping pages', async () => {
    const p = pages((o) => ({ items: items(Math.max(0, o - 3), o < 20 ? 10 : 5), totalCount: null }));
    const r = await crawl(p.fetch, opts());
    expect(new Set(r.items.map((i) => i.id)).size).toBe(r.items.length);
  });

  it('throws an error of the first page, and returns what it has after one later', async () => {
    const boom = new AdvboxApiError('server', 'x', 500);
    await expect(crawl(pages(() => boom).fetch, opts())).rejects.toBe(boom);
    const r = await crawl(pages((o) => (o === 0 ? { items: items(0, 10), totalCount: 50 } : boom)).fetch, opts());
    expect(r).toMatchObject({ complete: false, stop: 'error', error: boom });
    expect(r.items).toHaveLength(10);
  });
});

describe('monthWindows', () => {
  it('cuts a range into calendar months, clipped at both ends', () => {
    expect(monthWindows('2026-01-15', '2026-03-10')).toEqual([
      ['2026-01-15', '2026-01-31'],
      ['2026-02-01', '2026-02-28'],
      ['2026-03-01', '2026-03-10'],
    ]);
    expect(monthWindows('2026-12-31', '2027-01-01')).toEqual([['2026-12-31', '2026-12-31'], ['2027-01-01', '2027-01-01']]);
    expect(monthWindows('2026-05-02', '2026-05-01')).toEqual([]);
  });
});
