// Validation failures in the API's usual shape (see lib/api/parse.ts).
import { ApiError } from '@/lib/api/errors';
import { validatePasswordPolicy } from '@/lib/auth/password';

export function invalidField(path: string, message: string): ApiError {
  return new ApiError('validation_failed', message, { issues: [{ path, code: 'invalid', message }] });
}

export function assertPasswordPolicy(password: string, context: { email?: string; name?: string }): void {
  const problems = validatePasswordPolicy(password, context);
  if (problems.length === 0) return;
  throw new ApiError('validation_failed', problems[0]!, {
    issues: problems.map((message) => ({ path: 'password', code: 'password_policy', message })),
  });
}
