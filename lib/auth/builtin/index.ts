// Built-in e-mail + password authentication (used when Clerk is not
// configured). Domain functions only: routes own HTTP and cookies, and pass the
// Prisma client in.
export { SESSION_COOKIE, isSecureRequest, sessionCookieOptions, type SessionCookieOptions } from '@/lib/auth/builtin/cookie';
export { isValidEmail, normalizeEmail } from '@/lib/auth/builtin/email';
export { createPasswordResetToken, issuePasswordLink, resetPassword, RESET_TOKEN_TTL_MS } from '@/lib/auth/builtin/password-reset';
export {
  createSession,
  LAST_SEEN_REFRESH_MS,
  revokeAllSessions,
  revokeSession,
  verifySession,
  type SessionMeta,
} from '@/lib/auth/builtin/sessions';
export { INVALID_CREDENTIALS, signIn, type SignInInput } from '@/lib/auth/builtin/sign-in';
export { signUp } from '@/lib/auth/builtin/sign-up';
export { appLink, invitationLink, passwordLink } from '@/lib/auth/builtin/links';
export {
  EMAIL_DELAY_AFTER,
  EMAIL_DELAY_MAX_MS,
  emailDelayMs,
  KNOWN_ADDRESS_DAYS,
  LOGIN_WINDOW_MS,
  MAX_FAILURES_PER_IP,
  MAX_FAILURES_PER_PAIR,
  pruneLoginAttempts,
} from '@/lib/auth/builtin/throttle';
export { hashToken } from '@/lib/auth/builtin/tokens';
export type { BuiltinUser } from '@/lib/auth/builtin/user';
