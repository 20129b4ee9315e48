// Amounts from statement text to exact integer cents. OFX says "." is the
// decimal point, but Brazilian banks also write "-50,00" and "1.234,56" in
// OFX, and CSVs use either convention, so the separator is read from the text
// itself unless the caller knows it. Never a float on the way.

export type DecimalMark = '.' | ',' | 'auto';

/**
 * "1234.56" → 123456, "-50,00" → -5000, "1.234,56" → 123456, "R$ 1.234,56-" → -123456, "(10,00)" → -1000.
 * Returns null for text that is not an amount or has cents beyond the second
 * decimal place (other than zeros).
 */
export function parseAmountCents(input: string, mark: DecimalMark = 'auto'): number | null {
  let s = input.trim().replace(/\u00a0/g, ' ');
  if (s === '') return null;
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  s = s.replace(/^R\$\s*/i, '').replace(/\s*R\$$/i, '');
  if (/^[+-]/.test(s)) {
    negative = negative !== (s[0] === '-');
    s = s.slice(1).trim();
  } else if (/[+-]$/.test(s)) {
    // "1.234,56-" and "1.234,56 D"-style trailing signs of some bank exports.
    negative = negative !== s.endsWith('-');
    s = s.slice(0, -1).trim();
  }
  s = s.replace(/^R\$\s*/i, '').replace(/[\s']/g, '');
  if (!/^[0-9.,]+$/.test(s) || !/[0-9]/.test(s)) return null;

  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  let decimal: '.' | ',' | null;
  if (mark !== 'auto') decimal = mark;
  else if (lastDot >= 0 && lastComma >= 0) decimal = lastDot > lastComma ? '.' : ',';
  else if (lastComma >= 0) decimal = s.indexOf(',') === lastComma ? ',' : null; // "1,234,567" has no decimals
  else if (lastDot >= 0) {
    // One dot followed by three digits is a thousands separator only when the
    // caller said so; alone it is OFX's decimal point.
    decimal = s.indexOf('.') === lastDot ? '.' : null;
  } else decimal = null;

  const thousands = decimal === '.' ? ',' : '.';
  let intPart = s;
  let fracPart = '';
  if (decimal) {
    const at = s.lastIndexOf(decimal);
    if (at >= 0) {
      intPart = s.slice(0, at);
      fracPart = s.slice(at + 1);
    }
  }
  if (fracPart.includes('.') || fracPart.includes(',')) return null;
  if (intPart.includes(decimal ?? '\u0000')) return null;
  if (intPart.includes(thousands)) {
    // Groups of three after the first: "1.234.567" yes, "12.34" no.
    if (!/^\d{1,3}([.,]\d{3})+$/.test(intPart)) return null;
    intPart = intPart.split(thousands).join('');
  }
  if (!/^\d*$/.test(intPart) || !/^\d*$/.test(fracPart)) return null;
  if (intPart === '' && fracPart === '') return null;
  if (fracPart.length > 2) {
    if (!/^0+$/.test(fracPart.slice(2))) return null;
    fracPart = fracPart.slice(0, 2);
  }
  const cents = Number(intPart || '0') * 100 + Number(fracPart.padEnd(2, '0'));
  // Decimal(14,2) holds up to 999,999,999,999.99.
  if (!Number.isSafeInteger(cents) || cents > 99_999_999_999_999) return null;
  return negative && cents !== 0 ? -cents : cents;
}

/** -123456 → "-1234.56": the exact string Prisma stores into Decimal(14,2). */
export function centsToDecimal(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** For people: 123456 → "R$ 1.234,56". */
export function centsToBrl(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const int = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}R$ ${int},${String(abs % 100).padStart(2, '0')}`;
}
