// The headers every response carries, and the Content-Security-Policy of
// pages. Pages get a fresh nonce per request: proxy.ts puts the policy on the
// request too, where Next.js reads the nonce and stamps its own scripts with
// it; 'strict-dynamic' then trusts what those scripts load (the Pluggy
// Connect widget, Clerk's components), so no host list or 'unsafe-inline'
// is needed for scripts, and 'unsafe-eval' only exists in development (React
// needs it there for its debugging aids). Styles keep 'unsafe-inline':
// Radix positions popovers with inline style attributes, which a nonce
// cannot cover, and style injection is not script execution.

/** Where the Pluggy Connect widget runs: its script CDN, its iframe and its API. */
export const PLUGGY_CONNECT_ORIGINS = {
  script: ['https://cdn.pluggy.ai'],
  frame: ['https://connect.pluggy.ai', 'https://*.pluggy.ai'],
  connect: ['https://api.pluggy.ai', 'https://*.pluggy.ai'],
  img: ['https://*.pluggy.ai'],
} as const;

/** Clerk's Frontend API host, decoded from a publishable key (pk_live_<base64 "host$">), or null. */
export function clerkFrontendHost(publishableKey: string | undefined): string | null {
  const m = /^pk_(?:test|live)_(.+)$/.exec(publishableKey ?? '');
  if (!m) return null;
  try {
    const decoded = atob(m[1]!).replace(/\$$/, '');
    return /^[a-z0-9.-]+$/i.test(decoded) ? decoded : null;
  } catch {
    return null;
  }
}

export interface CspOptions {
  nonce: string;
  dev: boolean;
  https: boolean;
  clerkHost?: string | null;
  /** Origins the browser may also fetch from (the embedded demo's Pluggy sandbox). */
  connectExtra?: readonly string[];
}

export function contentSecurityPolicy({ nonce, dev, https, clerkHost, connectExtra = [] }: CspOptions): string {
  const clerk = clerkHost ? [`https://${clerkHost}`, 'https://*.clerk.accounts.dev', 'https://img.clerk.com'] : [];
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...PLUGGY_CONNECT_ORIGINS.script, ...(dev ? ["'unsafe-eval'"] : [])],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:', ...PLUGGY_CONNECT_ORIGINS.img, ...clerk],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...PLUGGY_CONNECT_ORIGINS.connect, ...clerk, ...connectExtra, ...(dev ? ['ws:', 'wss:'] : [])],
    'frame-src': [...PLUGGY_CONNECT_ORIGINS.frame, ...clerk],
    'worker-src': ["'self'", 'blob:'],
    'frame-ancestors': ["'none'"],
    'form-action': ["'self'"],
    'base-uri': ["'self'"],
    'object-src': ["'none'"],
  };
  const parts = Object.entries(directives).map(([k, v]) => `${k} ${v.join(' ')}`);
  if (https) parts.push('upgrade-insecure-requests');
  return parts.join('; ');
}

/** Powerful features no page of ours uses; the Connect widget's iframe included. */
export const PERMISSIONS_POLICY =
  'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), hid=(), midi=(), display-capture=(), browsing-topics=()';

/** Two years, as the HSTS preload list asks; sent only to a client that reached us over HTTPS. */
export const HSTS = 'max-age=63072000; includeSubDomains';

export function applySecurityHeaders(headers: Headers, { https }: { https: boolean }): void {
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
  headers.set('X-Frame-Options', 'DENY');
  headers.set('Permissions-Policy', PERMISSIONS_POLICY);
  headers.set('Cross-Origin-Opener-Policy', 'same-origin-allow-popups');
  if (https) headers.set('Strict-Transport-Security', HSTS);
}

/** A fresh nonce: 16 random bytes, base64. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
