import { describe, expect, it } from 'vitest';
import { advboxSyncText, bankSyncText } from './sync-text';

describe('sync card texts', () => {
  const now = new Date('2026-12-01T12:30:00Z');

  it('Advbox: when it was last read, relative and in São Paulo time', () => {
    // 12:10 UTC is 09:10 in São Paulo (UTC-3, no daylight saving).
    expect(advboxSyncText({ fetchedAt: '2026-12-01T12:10:00.000Z', complete: true }, now)).toBe('Advbox: última leitura há 20 min (01/12/2026, 09:10).');
  });

  it('past a day: the São Paulo date (not the UTC one, near midnight), said once', () => {
    expect(advboxSyncText({ fetchedAt: '2026-11-29T01:30:00.000Z', complete: true }, now)).toBe('Advbox: última leitura em 28/11/2026, 22:30.');
    expect(bankSyncText('2026-11-29T01:30:00.000Z', now)).toBe('Última sincronização: em 28/11/2026, 22:30.');
    expect(bankSyncText('2026-12-01T09:30:00.000Z', now)).toBe('Última sincronização: há 3 h (01/12/2026, 06:30).');
  });

  it('says when the last read was partial', () => {
    expect(advboxSyncText({ fetchedAt: '2026-12-01T12:29:30.000Z', complete: false }, now)).toBe('Advbox: última leitura agora há pouco (01/12/2026, 09:29), parcial.');
  });

  it('never read, or expired and waiting for the next read', () => {
    expect(advboxSyncText(null, now)).toBe('Advbox: nenhuma leitura ainda.');
    expect(advboxSyncText(undefined, now)).toBe('Advbox: nenhuma leitura ainda.');
    expect(advboxSyncText({ fetchedAt: null, complete: true }, now)).toBe('Advbox: nova leitura pendente.');
  });
});
