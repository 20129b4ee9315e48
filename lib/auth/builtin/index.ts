export { SESSION_COOKIE, isSecureRequest, sessionCookieOptions } from './cookie';
export { createSession, revokeAllSessions, revokeSession, verifySession } from './sessions';
export { createPasswordResetToken, normalizeEmail, resetPassword, signIn, signUp } from './accounts';
export { hashToken } from './tokens';
