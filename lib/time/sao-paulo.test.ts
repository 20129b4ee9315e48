import { describe, expect, it } from 'vitest';
import { saoPauloDate, saoPauloWallTime, saoPauloWallTimeToUtc } from './sao-paulo';

describe('São Paulo time', () => {
  it('gives the calendar date there, which differs from UTC late in the evening', () => {
    expect(saoPauloDate(Date.parse('2026-12-01T02:30:00Z'))).toBe('2026-11-30');
    expect(saoPauloWallTime(Date.parse('2026-12-01T15:04:05Z'))).toBe('2026-12-01 12:04:05');
  });

  it('converts wall times to instants, daylight-saving periods included', () => {
    expect(saoPauloWallTimeToUtc('2026-02-03 14:05:00')!.toISOString()).toBe('2026-02-03T17:05:00.000Z');
    // Brazil observed DST until 2019: January 2018 was UTC-2.
    expect(saoPauloWallTimeToUtc('2018-01-10 10:00:00')!.toISOString()).toBe('2018-01-10T12:00:00.000Z');
    expect(saoPauloWallTimeToUtc('ontem')).toBeNull();
  });
});
