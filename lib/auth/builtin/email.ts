// E-mail addresses are stored trimmed and lower-cased (users.email is unique),
// which makes every lookup case-insensitive.
export const EMAIL_MAX_LENGTH = 254;

// Deliberately loose: one @, no spaces, a dot in the domain. Deliverability is
// proven by the reset link, not by a regex.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function isValidEmail(normalized: string): boolean {
  return normalized.length <= EMAIL_MAX_LENGTH && EMAIL.test(normalized);
}
