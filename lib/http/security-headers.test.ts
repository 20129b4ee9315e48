import { describe, expect, it } from 'vitest';
import { applySecurityHeaders, clerkFrontendHost, contentSecurityPolicy, newNonce } from './security-headers';

const directives = (csp: string) => new Map(csp.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)] as const));

describe('contentSecurityPolicy', () => {
  it('production: scripts only by nonce (and what they load), no eval, no inline script, framing refused', () => {
    const csp = directives(contentSecurityPolicy({ nonce: 'abc123', dev: false, https: true }));
    expect(csp.get('script-src')).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'", 'https://cdn.pluggy.ai']);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-src')).toContain('https://connect.pluggy.ai');
    expect(csp.get('connect-src')).toContain('https://api.pluggy.ai');
    expect(csp.has('upgrade-insecure-requests')).toBe(true);
    expect([...csp.values()].flat()).not.toContain("'unsafe-eval'");
  });

  it('development allows eval and the dev server socket; plain HTTP does not upgrade', () => {
    const csp = directives(contentSecurityPolicy({ nonce: 'n', dev: true, https: false, connectExtra: ['http://127.0.0.1:4010'] }));
    expect(csp.get('script-src')).toContain("'unsafe-eval'");
    expect(csp.get('connect-src')).toEqual(expect.arrayContaining(['ws:', 'http://127.0.0.1:4010']));
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
  });

  it('adds Clerk’s Frontend API host when Clerk is configured', () => {
    const host = clerkFrontendHost(`pk_test_${btoa('clerk.escritorio.example$')}`);
    expect(host).toBe('clerk.escritorio.example');
    expect(clerkFrontendHost('pk_test_%%%')).toBeNull();
    expect(clerkFrontendHost(undefined)).toBeNull();
    const csp = directives(contentSecurityPolicy({ nonce: 'n', dev: false, https: true, clerkHost: host }));
    expect(csp.get('connect-src')).toContain('https://clerk.escritorio.example');
    expect(csp.get('frame-src')).toContain('https://clerk.escritorio.example');
  });
});

describe('applySecurityHeaders', () => {
  it('sends HSTS only over HTTPS, Permissions-Policy always', () => {
    const plain = new Headers();
    applySecurityHeaders(plain, { https: false });
    expect(plain.get('strict-transport-security')).toBeNull();
    expect(plain.get('permissions-policy')).toMatch(/camera=\(\)/);
    expect(plain.get('x-content-type-options')).toBe('nosniff');
    const secure = new Headers();
    applySecurityHeaders(secure, { https: true });
    expect(secure.get('strict-transport-security')).toMatch(/^max-age=63072000/);
  });

  it('nonces are fresh and unguessable-length', () => {
    const a = newNonce();
    expect(atob(a)).toHaveLength(16);
    expect(newNonce()).not.toBe(a);
  });
});
