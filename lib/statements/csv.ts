// CSV statements as banks export them: ";" or "," or tab, decimal comma or
// point, day-first dates, a header row (sometimes after a few title lines),
// one amount column or separate credit / debit columns, an optional running
// balance. Reading a file is two steps: analyse (detect, suggest a mapping,
// show the first rows) and apply a mapping (the suggested one, the one the
// person fixed, or the one saved for the account).
import { z } from 'zod';
import { parseAmountCents } from './amount';
import { CSV_DATE_FORMATS, detectCsvDateFormat, parseCsvDate, type CsvDateFormat } from './dates';
import { decodeStatement } from './decode';
import { invalidRows, StatementParseError, type StatementIssue } from './errors';
import type { ParsedStatement, StatementRow } from './types';

export type Delimiter = ';' | ',' | '\t' | '|';
const DELIMITERS: Delimiter[] = [';', ',', '\t', '|'];

export const CsvMappingSchema = z.strictObject({
  delimiter: z.enum([';', ',', '\t', '|']),
  decimal: z.enum([',', '.']),
  dateFormat: z.enum(CSV_DATE_FORMATS as [CsvDateFormat, ...CsvDateFormat[]]),
  /** 0-based index of the header record, or -1 when the file has none. */
  headerIndex: z.number().int().min(-1).max(50),
  date: z.number().int().min(0).max(100),
  description: z.array(z.number().int().min(0).max(100)).min(1).max(5),
  amount: z.number().int().min(0).max(100).nullable(),
  credit: z.number().int().min(0).max(100).nullable(),
  debit: z.number().int().min(0).max(100).nullable(),
  balance: z.number().int().min(0).max(100).nullable(),
  /** The header's cells when the mapping was saved: a file whose header differs needs the mapping step again. */
  headerNames: z.array(z.string().max(120)).max(100).nullable(),
}).refine((m) => m.amount !== null || (m.credit !== null && m.debit !== null) || m.credit !== null, {
  message: 'Indique a coluna de valor, ou as colunas de crédito e débito.',
  path: ['amount'],
});
export type CsvMapping = z.infer<typeof CsvMappingSchema>;

export interface CsvRecord {
  line: number;
  cells: string[];
}

export interface CsvAnalysis {
  encoding: string;
  delimiter: Delimiter;
  decimal: ',' | '.';
  dateFormat: CsvDateFormat | null;
  headerIndex: number;
  header: string[] | null;
  columnCount: number;
  /** The first data records, as the file has them (for the mapping step). */
  preview: CsvRecord[];
  /** A complete mapping when the columns could be recognised, else null. */
  suggested: CsvMapping | null;
}

/** RFC 4180 records with the line each starts on; quotes may span lines. */
export function splitCsv(text: string, delimiter: Delimiter): CsvRecord[] {
  const out: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  let atCellStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        cell += c;
      }
      continue;
    }
    if (c === '"' && atCellStart) {
      quoted = true;
      atCellStart = false;
    } else if (c === delimiter) {
      cells.push(cell);
      cell = '';
      atCellStart = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      if (cells.some((x) => x.trim() !== '')) out.push({ line: startLine, cells: cells.map((x) => x.trim()) });
      cells = [];
      cell = '';
      line++;
      startLine = line;
      atCellStart = true;
    } else {
      cell += c;
      if (c !== ' ') atCellStart = false;
    }
  }
  cells.push(cell);
  if (cells.some((x) => x.trim() !== '')) out.push({ line: startLine, cells: cells.map((x) => x.trim()) });
  return out;
}

/** The delimiter that splits most lines into the same number (≥ 2) of cells. */
export function detectDelimiter(text: string): Delimiter {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '').slice(0, 30);
  let best: { d: Delimiter; score: number } = { d: ';', score: -1 };
  for (const d of DELIMITERS) {
    const counts = splitCsv(lines.join('\n'), d).map((r) => r.cells.length);
    const freq = new Map<number, number>();
    for (const n of counts) if (n >= 2) freq.set(n, (freq.get(n) ?? 0) + 1);
    const [cols, hits] = [...freq.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0] ?? [0, 0];
    // Consistency first, then width; ";" wins ties (Brazilian exports use it because "," is the decimal mark).
    const score = hits * 1000 + cols;
    if (score > best.score) best = { d, score };
  }
  return best.d;
}

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
const HEADER_WORDS = {
  date: /^(data|dt|date|data (do )?lancamento|data (da )?movimentacao|data mov|dia)\b/,
  description: /(descri|historico|lancamento|memo|detalhe|description|complemento|transacao|movimentacao|estabelecimento)/,
  amount: /^(valor|value|amount|montante|quantia|valor \(r\$\)|valor r\$)/,
  credit: /(credito|entrada|credit|receita)/,
  debit: /(debito|saida|debit|despesa)/,
  balance: /(saldo|balance)/,
};

const looksLikeAmount = (s: string) => /^\(?[-+]?\s*(R\$\s*)?[\d.,]+\)?[-+]?$/.test(s.trim()) && /\d/.test(s);
const looksLikeDate = (s: string) => detectCsvDateFormat([s]) !== null;

/** The decimal mark the amount-like cells use. */
function detectDecimal(values: string[]): ',' | '.' {
  let comma = 0;
  let dot = 0;
  for (const v of values) {
    if (/,\d{1,2}\)?[-+]?$/.test(v)) comma++;
    else if (/\.\d{1,2}\)?[-+]?$/.test(v)) dot++;
  }
  return dot > comma ? '.' : ',';
}

export function analyzeCsv(bytes: Uint8Array): CsvAnalysis {
  const decoded = decodeStatement(bytes);
  const delimiter = detectDelimiter(decoded.text);
  const records = splitCsv(decoded.text, delimiter);
  if (records.length === 0) throw new StatementParseError('empty_file', 'O arquivo CSV não tem nenhuma linha.');
  const columnCount = Math.max(...records.slice(0, 50).map((r) => r.cells.length));
  if (columnCount < 2) {
    throw new StatementParseError('unsupported', 'Não foi possível identificar as colunas do CSV (separador ";", ",", tab ou "|").');
  }
  // The header is the last line before the first line with a date, when its cells are words.
  const firstData = records.findIndex((r) => r.cells.some(looksLikeDate) && r.cells.some((c) => looksLikeAmount(c) && !looksLikeDate(c)));
  let headerIndex = -1;
  if (firstData > 0) {
    const cand = records[firstData - 1]!;
    if (cand.cells.filter((c) => c !== '' && !looksLikeAmount(c) && !looksLikeDate(c)).length >= 2) headerIndex = firstData - 1;
  }
  const header = headerIndex >= 0 ? records[headerIndex]!.cells : null;
  const data = records.slice(firstData >= 0 ? firstData : headerIndex + 1);
  const sample = data.slice(0, 200);
  const column = (i: number) => sample.map((r) => r.cells[i] ?? '').filter((v) => v !== '');

  // Columns by header words, then by content for what is still unknown.
  const names = (header ?? []).map(fold);
  const find = (re: RegExp, exclude: number[] = []) => names.findIndex((n, i) => !exclude.includes(i) && re.test(n));
  let date = find(HEADER_WORDS.date);
  let balance = find(HEADER_WORDS.balance);
  let amount = find(HEADER_WORDS.amount, [balance]);
  const credit = find(HEADER_WORDS.credit, [balance, date]);
  const debit = find(HEADER_WORDS.debit, [balance, date]);
  let description = find(HEADER_WORDS.description, [date, amount, credit, debit, balance]);
  if (credit >= 0 && debit >= 0 && amount >= 0 && (amount === credit || amount === debit)) amount = -1;
  if (credit >= 0 && debit >= 0) amount = -1;
  const width = columnCount;
  const colIdx = Array.from({ length: width }, (_, i) => i);
  if (date < 0) date = colIdx.find((i) => column(i).length > 0 && column(i).every(looksLikeDate)) ?? -1;
  if (amount < 0 && credit < 0) {
    const numeric = colIdx.filter((i) => i !== date && i !== balance && column(i).length > 0 && column(i).every(looksLikeAmount));
    if (numeric.length >= 1) amount = numeric[0]!;
    if (numeric.length >= 2 && balance < 0 && header === null) balance = numeric[numeric.length - 1]!;
  }
  if (description < 0) {
    description = colIdx
      .filter((i) => ![date, amount, credit, debit, balance].includes(i))
      .sort((a, b) => column(b).join('').length - column(a).join('').length)[0] ?? -1;
  }
  const amountCells = [amount, credit, debit, balance].filter((i) => i >= 0).flatMap(column);
  const decimal = detectDecimal(amountCells);
  const dateFormat = date >= 0 ? detectCsvDateFormat(column(date)) : null;
  const suggested: CsvMapping | null =
    date >= 0 && description >= 0 && dateFormat && (amount >= 0 || credit >= 0)
      ? {
          delimiter,
          decimal,
          dateFormat,
          headerIndex,
          date,
          description: [description],
          amount: amount >= 0 ? amount : null,
          credit: amount >= 0 ? null : credit,
          debit: amount >= 0 || debit < 0 ? null : debit,
          balance: balance >= 0 ? balance : null,
          headerNames: header,
        }
      : null;
  return { encoding: decoded.encoding, delimiter, decimal, dateFormat, headerIndex, header, columnCount, preview: data.slice(0, 10), suggested };
}

// Lines banks add that are not transactions: opening / closing balances, totals.
const NOT_A_TRANSACTION = /^(saldo|total|s a l d o|sdo|saldo anterior|saldo do dia|saldo final)\b/i;

/** Whether a saved mapping fits this file (same header), so it imports in one step. */
export function mappingFits(mapping: CsvMapping, analysis: CsvAnalysis): boolean {
  if (mapping.delimiter !== analysis.delimiter) return false;
  if (mapping.headerNames === null) return analysis.header === null;
  return analysis.header !== null && analysis.header.length === mapping.headerNames.length && analysis.header.every((h, i) => fold(h) === fold(mapping.headerNames![i]!));
}

export function applyCsvMapping(bytes: Uint8Array, mapping: CsvMapping): ParsedStatement {
  const decoded = decodeStatement(bytes);
  const records = splitCsv(decoded.text, mapping.delimiter);
  const issues: StatementIssue[] = [];
  let issueCount = 0;
  const problem = (line: number, message: string) => {
    issueCount++;
    if (issues.length < 20) issues.push({ line, message });
  };
  const rows: StatementRow[] = [];
  const headerLine = mapping.headerIndex >= 0 ? records[mapping.headerIndex]?.line ?? 0 : 0;
  const colName = (i: number) => (mapping.headerNames?.[i] ? `"${mapping.headerNames[i]}"` : `${i + 1}`);
  for (const r of records) {
    if (r.line <= headerLine) continue;
    const cell = (i: number | null) => (i === null ? '' : (r.cells[i] ?? '').trim());
    const description = mapping.description.map(cell).filter(Boolean).join(' - ').replace(/\s+/g, ' ');
    const rawDate = cell(mapping.date);
    if (NOT_A_TRANSACTION.test(description) || NOT_A_TRANSACTION.test(rawDate)) continue;
    const hasMoney = [mapping.amount, mapping.credit, mapping.debit].some((i) => cell(i) !== '');
    if (rawDate === '' && !hasMoney) continue; // a title, a blank separator or a total line without date
    const date = parseCsvDate(rawDate, mapping.dateFormat);
    if (!date) {
      problem(r.line, rawDate === '' ? 'data vazia.' : `data "${rawDate.slice(0, 30)}" não está no formato ${mapping.dateFormat}.`);
      continue;
    }
    let cents: number | null;
    if (mapping.amount !== null) {
      const raw = cell(mapping.amount);
      cents = parseAmountCents(raw, mapping.decimal);
      if (cents === null) {
        problem(r.line, raw === '' ? `valor vazio na coluna ${colName(mapping.amount)}.` : `valor "${raw.slice(0, 30)}" inválido na coluna ${colName(mapping.amount)}.`);
        continue;
      }
    } else {
      const rawC = cell(mapping.credit);
      const rawD = cell(mapping.debit);
      const c = rawC === '' ? 0 : parseAmountCents(rawC, mapping.decimal);
      const d = rawD === '' ? 0 : parseAmountCents(rawD, mapping.decimal);
      if (c === null) problem(r.line, `valor "${rawC.slice(0, 30)}" inválido na coluna de crédito ${colName(mapping.credit!)}.`);
      if (d === null) problem(r.line, `valor "${rawD.slice(0, 30)}" inválido na coluna de débito ${colName(mapping.debit!)}.`);
      if (c === null || d === null) continue;
      if (rawC === '' && rawD === '') {
        problem(r.line, 'sem valor de crédito nem de débito.');
        continue;
      }
      // Debit columns carry positive numbers or negative ones, depending on the bank.
      cents = Math.abs(c) - Math.abs(d);
    }
    const rawBal = cell(mapping.balance);
    const balanceCents = rawBal === '' ? null : parseAmountCents(rawBal, mapping.decimal);
    rows.push({
      line: r.line,
      date,
      amountCents: cents,
      type: cents >= 0 ? 'CREDIT' : 'DEBIT',
      description: description || 'Lançamento',
      fitid: null,
      checkNumber: null,
      name: null,
      memo: null,
      balanceCents,
    });
  }
  if (issueCount > 0) throw invalidRows(issues, issueCount);
  if (rows.length === 0) throw new StatementParseError('no_transactions', 'Nenhum lançamento encontrado no CSV com as colunas escolhidas.');
  const dates = rows.map((r) => r.date).sort();
  return {
    format: 'csv',
    encoding: decoded.encoding,
    currency: 'BRL',
    account: { bankId: null, branchId: null, accountId: null, accountType: null },
    periodStart: dates[0]!,
    periodEnd: dates[dates.length - 1]!,
    ledgerBalanceCents: null,
    rows,
    warnings: [],
  };
}
