import { describe, expect, it } from 'vitest';
import { createCalendar } from './calendar';
import { chunked, copyField, copyRow } from './copy';
import { createFirmProfile } from './firm';
import { createRng } from './rng';
import { TRANSACTION_COLUMNS, transactionRow } from './rows';
import { generateTransaction } from './transactions';
import { createUuidV7Generator } from './uuid';

describe('COPY text encoding', () => {
  it('escapes the characters COPY treats specially and encodes NULL', () => {
    expect(copyField('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyField(null)).toBe('\\N');
    expect(copyField(undefined)).toBe('\\N');
    expect(copyField('\\N')).toBe('\\\\N');
    expect(copyField(12)).toBe('12');
    expect(copyField(true)).toBe('true');
    expect(copyField('São Paulo & Cia.')).toBe('São Paulo & Cia.');
  });

  it('joins rows with tabs and ends them with a newline', () => {
    expect(copyRow(['a', null, 'b\tc'])).toBe('a\t\\N\tb\\tc\n');
  });

  it('chunks without losing or splitting rows', () => {
    const rows = Array.from({ length: 100 }, (_, i) => `${i}\n`);
    const chunks = [...chunked(rows, 50)];
    expect(chunks.join('')).toBe(rows.join(''));
    expect(chunks.every((c) => c.endsWith('\n'))).toBe(true);
    expect(chunks.length).toBeGreaterThan(1);
  });

  it('builds transaction rows with one field per column', () => {
    const rng = createRng(1);
    const cal = createCalendar(new Date('2026-11-29T00:00:00Z'));
    const firm = createFirmProfile(rng, 100);
    const newId = createUuidV7Generator();
    for (let i = 0; i < 200; i++) {
      const row = transactionRow(newId(), newId(), newId(), generateTransaction(rng, firm, cal), cal, '2026-11-29T00:00:00.000Z');
      expect(row.endsWith('\n')).toBe(true);
      expect(row.slice(0, -1).split('\t')).toHaveLength(TRANSACTION_COLUMNS.length);
    }
  });
});

describe('UUID v7 generator', () => {
  const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('produces unique, well-formed, strictly increasing ids', () => {
    const next = createUuidV7Generator();
    const ids = Array.from({ length: 20_000 }, next);
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 0; i < ids.length; i++) {
      expect(V7.test(ids[i]!), ids[i]).toBe(true);
      if (i > 0) expect(ids[i]! > ids[i - 1]!).toBe(true);
    }
  });

  it('encodes the timestamp and stays monotonic when the counter overflows or the clock goes back', () => {
    let clock = 0x0190_0000_0000;
    const next = createUuidV7Generator(() => clock);
    const first = next();
    expect(first.replace(/-/g, '').slice(0, 12)).toBe('019000000000');
    const ids = Array.from({ length: 5000 }, next);
    clock -= 10;
    ids.push(next());
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
  });
});
