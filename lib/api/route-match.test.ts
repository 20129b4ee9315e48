import { describe, expect, it } from 'vitest';
import { matchRoute } from '@/lib/api/route-match';

describe('matchRoute', () => {
  it('matches static and dynamic segments by method', () => {
    expect(matchRoute('GET', '/api/settings')).toBe('GET /api/settings');
    expect(matchRoute('POST', '/api/settings')).toBe('POST /api/settings');
    expect(matchRoute('PATCH', '/api/members/0192-abc')).toBe('PATCH /api/members/[id]');
    expect(matchRoute('POST', '/api/reconciliation/x1/undo')).toBe('POST /api/reconciliation/[id]/undo');
  });
  it('answers HEAD with the GET route; a file-like name is still an id', () => {
    expect(matchRoute('HEAD', '/api/me')).toBe('GET /api/me');
    expect(matchRoute('POST', '/api/invitations/accept')).toBe('POST /api/invitations/accept');
    expect(matchRoute('DELETE', '/api/invitations/accept')).toBe('DELETE /api/invitations/[id]');
    expect(matchRoute('DELETE', '/api/members/x.js')).toBe('DELETE /api/members/[id]');
  });
  it('returns null for unknown paths, methods and extra segments', () => {
    expect(matchRoute('DELETE', '/api/settings')).toBeNull();
    expect(matchRoute('GET', '/api/members/1/extra')).toBeNull();
    expect(matchRoute('GET', '/api/settingsX')).toBeNull();
  });
});
