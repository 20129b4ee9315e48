// The security headers a production server must send (proxy.ts,
// lib/http/security-headers.ts), read off a running `next start`: a nonce CSP
// that every <script> of a rendered page carries, no 'unsafe-eval',
// frame-ancestors 'none', Permissions-Policy, COOP, nosniff, and HSTS only
// behind HTTPS. Used by the soak (npm run soak) and the production e2e test.
export interface HeaderCheck {
  check: string;
  ok: boolean;
  detail?: string;
}

export async function securityHeaders(base: string): Promise<HeaderCheck[]> {
  const out: HeaderCheck[] = [];
  const page = await fetch(`${base}/entrar`, { headers: { 'x-forwarded-proto': 'https', 'user-agent': 'concilia-header-check' } });
  const html = await page.text();
  const csp = page.headers.get('content-security-policy') ?? '';
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  out.push({ check: 'page: CSP with a nonce', ok: !!nonce, detail: csp.slice(0, 120) });
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  const without = scripts.filter((s) => !s.includes(`nonce="${nonce}"`));
  out.push({ check: `page: every <script> carries the nonce (${scripts.length} scripts)`, ok: scripts.length > 0 && without.length === 0, detail: without[0]?.slice(0, 120) });
  out.push({ check: "page: no 'unsafe-eval'", ok: !csp.includes('unsafe-eval') });
  out.push({ check: "page: frame-ancestors 'none'", ok: csp.includes("frame-ancestors 'none'") });
  const api = await fetch(`${base}/api/health`, { headers: { 'x-forwarded-proto': 'https', 'user-agent': 'concilia-header-check' } });
  await api.arrayBuffer();
  for (const [name, res] of [
    ['page', page],
    ['api', api],
  ] as const) {
    out.push({ check: `${name}: Permissions-Policy`, ok: !!res.headers.get('permissions-policy')?.includes('camera=()') });
    out.push({ check: `${name}: Cross-Origin-Opener-Policy`, ok: !!res.headers.get('cross-origin-opener-policy') });
    out.push({ check: `${name}: Strict-Transport-Security`, ok: /max-age=\d+/.test(res.headers.get('strict-transport-security') ?? '') });
    out.push({ check: `${name}: X-Content-Type-Options nosniff`, ok: res.headers.get('x-content-type-options') === 'nosniff' });
  }
  const plain = await fetch(`${base}/api/health`, { headers: { 'user-agent': 'concilia-header-check' } });
  await plain.arrayBuffer();
  out.push({ check: 'api over http: no Strict-Transport-Security', ok: !plain.headers.get('strict-transport-security') });
  return out;
}
