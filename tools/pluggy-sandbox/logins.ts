// What a login does, by username, as on Pluggy's sandbox: user-ok /
// password-ok succeeds; the documented error users fail the way their
// institution would; anything else is INVALID_CREDENTIALS. Logins added
// through the driving API succeed with their own firm's data.
import type { FirmSpec } from './dataset';

export type ItemStatus = 'UPDATED' | 'UPDATING' | 'WAITING_USER_INPUT' | 'WAITING_USER_ACTION' | 'MERGING' | 'LOGIN_ERROR' | 'OUTDATED';

export type LoginOutcome =
  | { kind: 'success'; firm: FirmSpec | null; executionStatus: 'SUCCESS' | 'PARTIAL_SUCCESS' }
  | { kind: 'mfa'; firm: FirmSpec | null }
  | { kind: 'error'; status: ItemStatus; code: string; message: string; providerMessage?: string };

export const MFA_TOKEN = '123456';

const ERROR_USERS: Record<string, { status: ItemStatus; code: string; message: string; providerMessage?: string }> = {
  'user-locked': { status: 'LOGIN_ERROR', code: 'ACCOUNT_LOCKED', message: 'The account is locked at the institution' },
  'user-logged': { status: 'LOGIN_ERROR', code: 'ALREADY_LOGGED_IN', message: 'The user is already logged in at the institution' },
  'user-not-supported': { status: 'LOGIN_ERROR', code: 'USER_NOT_SUPPORTED', message: 'This kind of account is not supported' },
  'user-account-credentials-reset': { status: 'LOGIN_ERROR', code: 'ACCOUNT_CREDENTIALS_RESET', message: 'The credentials must be reset at the institution' },
  'user-error': { status: 'OUTDATED', code: 'UNEXPECTED_ERROR', message: 'An unexpected error occurred' },
  'user-unavailable': { status: 'OUTDATED', code: 'SITE_NOT_AVAILABLE', message: 'The institution is not available' },
  'user-connection-error': { status: 'OUTDATED', code: 'CONNECTION_ERROR', message: 'Could not connect to the institution' },
  'user-account-need-actions': { status: 'WAITING_USER_ACTION', code: 'ACCOUNT_NEEDS_ACTION', message: 'The user must take an action at the institution' },
  'user-account-need-actions-provider-message': {
    status: 'WAITING_USER_ACTION',
    code: 'ACCOUNT_NEEDS_ACTION',
    message: 'The user must take an action at the institution',
    providerMessage: 'Acesse o internet banking e aceite os novos termos de uso.',
  },
};

export const INVALID_CREDENTIALS = { status: 'LOGIN_ERROR' as const, code: 'INVALID_CREDENTIALS', message: 'Invalid credentials' };

export interface RegisteredLogin {
  user: string;
  password: string;
  firm: FirmSpec;
}

export function loginOutcome(user: unknown, password: unknown, registered: ReadonlyMap<string, RegisteredLogin>): LoginOutcome {
  if (typeof user !== 'string' || typeof password !== 'string') return { kind: 'error', ...INVALID_CREDENTIALS };
  const reg = registered.get(user);
  if (reg) return reg.password === password ? { kind: 'success', firm: reg.firm, executionStatus: 'SUCCESS' } : { kind: 'error', ...INVALID_CREDENTIALS };
  if (user === 'user-ok' || user === 'user-ok-account-error' || user === 'user-ok-account-warning') {
    if (password !== 'password-ok') return { kind: 'error', ...INVALID_CREDENTIALS };
    return { kind: 'success', firm: null, executionStatus: user === 'user-ok-account-error' ? 'PARTIAL_SUCCESS' : 'SUCCESS' };
  }
  if (user === 'user-mfa') return password === 'password-ok' ? { kind: 'mfa', firm: null } : { kind: 'error', ...INVALID_CREDENTIALS };
  const err = ERROR_USERS[user];
  if (err) return { kind: 'error', ...err };
  return { kind: 'error', ...INVALID_CREDENTIALS };
}
