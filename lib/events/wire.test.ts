import { describe, expect, it } from 'vitest';
import type { PublishedEvent } from '@/lib/events/types';
import { chunkBySize, decodeBatch, encodeBatch, encodeWithoutSeq } from '@/lib/events/wire';

const tenantId = '01930000-0000-7000-8000-000000000001';
const event = (seq: number, ids = 40): PublishedEvent => ({
  seq,
  type: 'item_status',
  tenantId,
  entity: `e${seq}`,
  ids: Array.from({ length: ids }, (_, i) => `01930000-0000-7000-8000-${String(i).padStart(12, '0')}`),
});

describe('relay messages', () => {
  it('splits a batch into payloads within the limit, which decode to the same events in order', () => {
    const events = Array.from({ length: 12 }, (_, i) => event(1000 + i));
    const payloads = encodeBatch(events, 4000);
    expect(payloads.length).toBeGreaterThan(3);
    for (const p of payloads) expect(p.length).toBeLessThanOrEqual(4000);
    expect(payloads.flatMap(decodeBatch)).toEqual(events);
  });

  it('chunkBySize: an item too big for any payload goes alone', () => {
    expect(chunkBySize([10, 5000, 10, 10], 100)).toEqual([0, 1, 2, 2]);
  });

  it('an item built around a seq learnt later is what decodeBatch reads, and no bigger than its size says', () => {
    const { seq: _seq, ...withoutSeq } = event(1);
    const { body, size } = encodeWithoutSeq(withoutSeq);
    const seq = 9_007_199_254_740_991;
    const item = `{"seq":${seq},${body.slice(1)}`;
    expect(item.length).toBeLessThanOrEqual(size);
    expect(decodeBatch(`[${item}]`)).toEqual([{ ...withoutSeq, seq }]);
  });
});
