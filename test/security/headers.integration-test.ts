// Security headers through proxy.ts as Next.js runs it (test/security/
// next-pipeline.ts): pages get a per-request nonce that is both in the
// response's policy and on the request Next.js renders (so its scripts carry
// it); API answers get the same base headers; HSTS only over HTTPS.
import { afterEach, describe, expect, it } from 'vitest';
import { withEnv } from '@/test/api';
import { throughProxy } from '@/test/security/next-pipeline';
import { stampForTests } from '@/lib/http/peer-stamp';

const oldNodeEnv = process.env.NODE_ENV;
afterEach(() => {
  (process.env as Record<string, string | undefined>).NODE_ENV = oldNodeEnv;
});

async function page(path: string, proto: 'http' | 'https' = 'http') {
  const headers = new Headers();
  stampForTests(headers, '127.0.0.1', proto);
  const out = await throughProxy(new Request(`http://localhost:3000${path}`, { headers }));
  return out;
}

describe('security headers', () => {
  it('a page in production: nonce-based CSP without eval, the nonce handed to the renderer, fresh per request', async () => {
    const { NextRequest } = await import('next/server');
    const proxy = (await import('@/proxy')).default;
    const headers = new Headers();
    stampForTests(headers, '127.0.0.1');
    // After stamping (the stamp helper refuses to run outside tests).
    (process.env as Record<string, string | undefined>).NODE_ENV = 'production';
    const res = await proxy(new NextRequest('http://localhost:3000/painel', { headers }), {} as never);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(res.headers.get('x-middleware-request-x-nonce')).toBe(nonce);
    expect(res.headers.get('x-middleware-request-content-security-policy')).toBe(csp);
    expect(res.headers.get('permissions-policy')).toMatch(/geolocation=\(\)/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('strict-transport-security')).toBeNull();

    const again = await proxy(new NextRequest('http://localhost:3000/painel', { headers }), {} as never);
    expect(/'nonce-([^']+)'/.exec(again.headers.get('content-security-policy')!)![1]).not.toBe(nonce);

    (process.env as Record<string, string | undefined>).NODE_ENV = oldNodeEnv;
    const forwarded = await page('/painel');
    expect('forwarded' in forwarded && forwarded.forwarded.headers.get('x-nonce')).toMatch(/^[A-Za-z0-9+/=]{24}$/);
  });

  it('HSTS when the client came over HTTPS (APP_URL says so), on pages and API answers alike', async () => {
    await withEnv({ APP_URL: 'https://concilia.escritorio.example' }, async () => {
      const { NextRequest } = await import('next/server');
      const proxy = (await import('@/proxy')).default;
      for (const path of ['/painel', '/api/ping']) {
        const headers = new Headers();
        stampForTests(headers, '127.0.0.1', 'https');
        const res = await proxy(new NextRequest(`http://localhost:3000${path}`, { headers }), {} as never);
        expect(res.headers.get('strict-transport-security'), path).toMatch(/^max-age=63072000; includeSubDomains$/);
        expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      }
    });
  });
});
