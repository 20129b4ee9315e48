import { env } from '@/lib/env';

export type AuthMode = 'clerk' | 'builtin';

/** Clerk when both Clerk keys are configured; built-in e-mail + password otherwise. */
export function authMode(): AuthMode {
  const e = env();
  return e.CLERK_SECRET_KEY && e.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY ? 'clerk' : 'builtin';
}
