import { deserializeJSONWithDates } from 'pluggy-sdk/dist/transforms';
import { describe, expect, it } from 'vitest';
import { parseJsonWithDates } from './json-dates';

describe('parseJsonWithDates', () => {
  it('revives exactly what pluggy-sdk revives', () => {
    const text = JSON.stringify({
      results: [
        { date: '2026-11-30T00:00:00.000Z', createdAt: '2026-11-30T12:34:56.789Z', billDate: '2023-07-20T00:00:00', offset: '2026-11-30T00:00:00.000+03:00', n: 1.5, x: null, list: ['2026-01-01T00:00:00.000Z', 'texto'] },
      ],
      next: '?after=abc',
    });
    const ours = parseJsonWithDates(text) as { results: Record<string, unknown>[] };
    expect(ours).toEqual(deserializeJSONWithDates(text));
    expect(ours.results[0]!.date).toBeInstanceOf(Date);
    expect(ours.results[0]!.billDate).toBe('2023-07-20T00:00:00');
    expect(ours.results[0]!.offset).toBe('2026-11-30T00:00:00.000+03:00');
    expect((ours.results[0]!.list as unknown[])[0]).toBeInstanceOf(Date);
  });
});
