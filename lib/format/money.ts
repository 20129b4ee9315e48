// Money for people: exact decimal strings from the API ("-1234.50") shown as
// "-R$ 1.234,50". Intl formats a decimal *string* exactly (no float in
// between), and sums go through integer cents (bigint).
const BRL = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });
const BRL_SIGNED = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL', signDisplay: 'exceptZero' });
const DECIMAL = new Intl.NumberFormat('pt-BR', { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false });
const GROUPED = new Intl.NumberFormat('pt-BR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const PERCENT = new Intl.NumberFormat('pt-BR', { style: 'percent', maximumFractionDigits: 1 });

const MONEY = /^-?\d+(\.\d{1,2})?$/;

type Formattable = Parameters<Intl.NumberFormat['format']>[0];

function check(amount: string): string {
  if (!MONEY.test(amount)) throw new RangeError(`not a money string: ${amount}`);
  return amount;
}

/** "1234.5" → "R$ 1.234,50". Intl separates the symbol with a no-break space. */
export function formatBRL(amount: string, { signed = false }: { signed?: boolean } = {}): string {
  return (signed ? BRL_SIGNED : BRL).format(check(amount) as unknown as Formattable);
}

/** "-1234.5" → "-1234,50": a spreadsheet's decimal-comma cell, no grouping, no symbol. */
export function formatDecimalComma(amount: string): string {
  return DECIMAL.format(check(amount) as unknown as Formattable);
}

/** "10000" → "10.000,00": an amount as a person edits it (parseBRLInput reads it back). */
export function formatAmountInput(amount: string): string {
  return GROUPED.format(check(amount) as unknown as Formattable);
}

/** 0.873 → "87,3%". */
export function formatPercent(ratio: number): string {
  return PERCENT.format(ratio);
}

export function toCents(amount: string): bigint {
  const [int, frac = ''] = check(amount).replace('-', '').split('.');
  const cents = BigInt(int!) * 100n + BigInt((frac + '00').slice(0, 2));
  return amount.startsWith('-') ? -cents : cents;
}

export function fromCents(cents: bigint): string {
  const neg = cents < 0n;
  const abs = neg ? -cents : cents;
  return `${neg ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** Exact sum of money strings. */
export function sumMoney(amounts: Iterable<string>): string {
  let total = 0n;
  for (const a of amounts) total += toCents(a);
  return fromCents(total);
}

/**
 * What a person types as reais → a money string, or null when it is not one.
 * pt-BR first: "10.000,50", "10000,5", "R$ 1.234" (dots group thousands). A
 * lone dot followed by one or two digits is read as a decimal point
 * ("10000.50"), as people paste it from systems that write it so.
 */
export function parseBRLInput(text: string): string | null {
  const s = text.replace(/R\$|\s|\u00a0/g, '');
  let int: string;
  let frac = '';
  if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(s) || /^\d+(,\d{1,2})?$/.test(s)) {
    [int, frac = ''] = s.replace(/\./g, '').split(',') as [string, string?];
  } else if (/^\d+\.\d{1,2}$/.test(s)) {
    [int, frac] = s.split('.') as [string, string];
  } else return null;
  const normalized = `${int.replace(/^0+(?=\d)/, '')}.${(frac + '00').slice(0, 2)}`;
  return normalized;
}
