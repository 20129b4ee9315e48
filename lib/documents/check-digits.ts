// CPF and CNPJ check digits (mod 11, as defined by the Receita Federal).
// Only the numeric CNPJ is handled: the database stores payer documents as
// 11 or 14 digits (CHECK constraint), so alphanumeric CNPJs would need a
// schema change first.

export function onlyDigits(input: string): string {
  return input.replace(/\D+/g, '');
}

// remainder < 2 → 0, else 11 - remainder.
function mod11Digit(digits: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += (digits.charCodeAt(i) - 48) * weights[i]!;
  const r = sum % 11;
  return r < 2 ? 0 : 11 - r;
}

const CPF_W1 = [10, 9, 8, 7, 6, 5, 4, 3, 2] as const;
const CPF_W2 = [11, 10, 9, 8, 7, 6, 5, 4, 3, 2] as const;
const CNPJ_W1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2] as const;
const CNPJ_W2 = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2] as const;

/** The two check digits for a 9-digit CPF base. */
export function cpfCheckDigits(base9: string): string {
  const d1 = mod11Digit(base9, CPF_W1);
  const d2 = mod11Digit(base9 + d1, CPF_W2);
  return `${d1}${d2}`;
}

/** The two check digits for a 12-digit CNPJ base (root + branch). */
export function cnpjCheckDigits(base12: string): string {
  const d1 = mod11Digit(base12, CNPJ_W1);
  const d2 = mod11Digit(base12 + d1, CNPJ_W2);
  return `${d1}${d2}`;
}

// 000.000.000-00, 111.111.111-11, … pass the mod-11 test but are not issued.
function allSameDigit(digits: string): boolean {
  return /^(\d)\1*$/.test(digits);
}

/** Exactly 11 digits (no formatting) with valid check digits. */
export function isValidCpf(digits: string): boolean {
  if (!/^\d{11}$/.test(digits) || allSameDigit(digits)) return false;
  return cpfCheckDigits(digits.slice(0, 9)) === digits.slice(9);
}

/** Exactly 14 digits (no formatting) with valid check digits. */
export function isValidCnpj(digits: string): boolean {
  if (!/^\d{14}$/.test(digits) || allSameDigit(digits)) return false;
  return cnpjCheckDigits(digits.slice(0, 12)) === digits.slice(12);
}
