// CSV for Brazilian spreadsheets (Excel pt-BR, LibreOffice, Google Sheets):
// ';' separated, decimal comma, CRLF, UTF-8 with a BOM so Excel reads the
// accents, and cells that a spreadsheet would run as a formula
// (= + - @, tab, CR at the start) neutralised with a leading apostrophe.
// Numbers are written by us, so a negative amount is not text to neutralise:
// money cells go through csvMoney, which is never prefixed.
export const CSV_BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvCell = string | { money: string } | null | undefined;

function quote(s: string): string {
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvText(value: string | null | undefined): string {
  if (value == null || value === '') return '';
  return quote(FORMULA_START.test(value) ? `'${value}` : value);
}

/** A money string ("-1234.50") as "-1234,50". */
export function csvMoney(amount: string): string {
  if (!/^-?\d+(\.\d{1,2})?$/.test(amount)) throw new RangeError(`not a money string: ${amount}`);
  const [int, frac = ''] = amount.split('.');
  return `${int},${(frac + '00').slice(0, 2)}`;
}

export function csvRow(cells: CsvCell[]): string {
  return cells.map((c) => (c && typeof c === 'object' ? csvMoney(c.money) : csvText(c))).join(';') + '\r\n';
}
