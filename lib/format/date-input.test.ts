import { describe, expect, it } from 'vitest';
import { formatDateInput, maskDateTyping, parseDateInput } from '@/lib/format';

describe('typed dates (dd/mm/aaaa ⇄ ISO)', () => {
  it('shows an ISO date as dd/mm/aaaa, and nothing for no date', () => {
    expect(formatDateInput('2026-01-15')).toBe('15/01/2026');
    expect(formatDateInput('')).toBe('');
    expect(formatDateInput(undefined)).toBe('');
    expect(formatDateInput('15/01/2026')).toBe(''); // not ISO: never echoed as if it were
  });

  it('reads day first, with any common separator, a bare ddmmaaaa and a two-digit year', () => {
    expect(parseDateInput('15/01/2026')).toBe('2026-01-15');
    expect(parseDateInput(' 5/1/2026 ')).toBe('2026-01-05');
    expect(parseDateInput('05-01-2026')).toBe('2026-01-05');
    expect(parseDateInput('05.01.2026')).toBe('2026-01-05');
    expect(parseDateInput('05012026')).toBe('2026-01-05');
    expect(parseDateInput('05/01/26')).toBe('2026-01-05');
    expect(parseDateInput('')).toBe('');
    expect(parseDateInput('   ')).toBe('');
  });

  it('refuses what is not a real day (and never reads month first)', () => {
    for (const bad of ['31/02/2026', '29/02/2026', '00/01/2026', '15/13/2026', '01/15/2026', '15/01', '2026-01-15', 'amanhã', '15/01/202', '1/1/1800']) {
      expect(parseDateInput(bad), bad).toBeNull();
    }
    expect(parseDateInput('29/02/2028')).toBe('2028-02-29'); // a leap year
    expect(parseDateInput('31/12/2026')).toBe('2026-12-31');
  });

  it('puts the slashes in while digits are typed, and lets them go on backspace', () => {
    const typed = [...'15012026'].reduce<string[]>((states, ch) => [...states, maskDateTyping((states.at(-1) ?? '') + ch)], []);
    expect(typed).toEqual(['1', '15', '15/0', '15/01', '15/01/2', '15/01/20', '15/01/202', '15/01/2026']);
    expect(maskDateTyping('15/01/2026' + '9')).toBe('15/01/2026'); // at most eight digits
    expect(maskDateTyping('15/01/')).toBe('15/01'); // backspace over the last year digit
    // Typed with its own slashes (single-digit day or month): left alone for the parser.
    expect(maskDateTyping('5/1/2026')).toBe('5/1/2026');
    expect(maskDateTyping('15/1/2026')).toBe('15/1/2026');
    expect(maskDateTyping('15-01-2026')).toBe('15-01-2026');
  });
});
