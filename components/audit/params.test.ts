import { describe, expect, it } from 'vitest';
import { auditParams } from '@/components/audit/params';

const parse = (qs: string) => auditParams(new URLSearchParams(qs));

describe('auditParams', () => {
  it('keeps valid filters', () => {
    expect(parse('entityType=tenant&actorId=0190A000-0000-7000-8000-000000000001&action=settings.updated&from=2026-03-01&to=2026-03-31')).toEqual({
      entityType: 'tenant',
      actorId: '0190a000-0000-7000-8000-000000000001',
      action: 'settings.updated',
      from: '2026-03-01',
      to: '2026-03-31',
    });
    expect(parse('actorId=system')).toEqual({ actorId: 'system' });
  });

  it('drops what the API would refuse instead of failing the page', () => {
    expect(parse('entityType=nada&actorId=fulano&action=DROP%20TABLE&from=2026-02-30&to=31/03/2026')).toEqual({});
  });

  it('swaps a reversed period', () => {
    expect(parse('from=2026-03-31&to=2026-03-01')).toEqual({ from: '2026-03-01', to: '2026-03-31' });
  });
});
