import { describe, expect, it } from 'vitest';
import { isValidCnpj, isValidCpf } from '@/lib/documents';
import {
  binaryFile,
  CNPJ_ACME,
  CPF_JOAO,
  CPF_MARIA,
  csvCreditDebit,
  csvSemicolonComma,
  MARCH_TXNS,
  ofxSgml1252,
  ofxXml,
  truncatedOfx,
} from '@/test/statements/fixtures';
import { centsToBrl, centsToDecimal, parseAmountCents } from './amount';
import { analyzeCsv, applyCsvMapping, detectDelimiter, mappingFits, splitCsv } from './csv';
import { detectCsvDateFormat, ofxCalendarDate, parseCsvDate, parseOfxDateTime } from './dates';
import { decodeStatement, declaredOfxCharset } from './decode';
import { StatementParseError } from './errors';
import { keyRows, storedTransactionId } from './keys';
import { parseOfx, parseOfxTree } from './ofx';
import { parseStatementFile } from './parse';
import { payerOf } from './payer';

function parseError(fn: () => unknown): StatementParseError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatementParseError) return e;
    throw e;
  }
  throw new Error('expected a StatementParseError');
}

describe('amounts to cents', () => {
  it.each([
    ['1234.56', 123456],
    ['-50,00', -5000],
    ['1.234,56', 123456],
    ['1,234.56', 123456],
    ['-1.234.567,8', -123456780],
    ['R$ 1.234,56', 123456],
    ['1.234,56-', -123456],
    ['(10,00)', -1000],
    ['+7', 700],
    ['0.10', 10],
    ['.5', 50],
    ['12.300', 1230],
    ['  89,9 ', 8990],
  ])('%s → %d', (input, cents) => expect(parseAmountCents(input)).toBe(cents));

  it.each(['', 'abc', '1.2.3', '12,34,5', '1.2345', '12.34.56', '--5', '1e3', '0.001'])('rejects %j', (input) => {
    expect(parseAmountCents(input)).toBeNull();
  });

  it('honours an explicit decimal mark', () => {
    expect(parseAmountCents('1.234', ',')).toBe(123400);
    expect(parseAmountCents('1,5', '.')).toBeNull();
    expect(parseAmountCents('1.234.567', ',')).toBe(123456700);
  });

  it('formats cents back exactly', () => {
    expect(centsToDecimal(-123456)).toBe('-1234.56');
    expect(centsToDecimal(5)).toBe('0.05');
    expect(centsToBrl(123456789)).toBe('R$ 1.234.567,89');
  });
});

describe('OFX dates', () => {
  it('reads the parts and keeps the day in the statement zone', () => {
    const d = parseOfxDateTime('20260304120000[-3:BRT]')!;
    expect(d).toEqual({ date: '2026-03-04', minutes: 720, offsetMinutes: -180 });
    expect(ofxCalendarDate(d)).toBe('2026-03-04');
    // 23:30 in São Paulo is the next day in UTC, still the 4th for the bank.
    expect(ofxCalendarDate(parseOfxDateTime('20260304233000[-3:BRT]')!)).toBe('2026-03-04');
    // An instant written in GMT moves to the statement's zone...
    expect(ofxCalendarDate(parseOfxDateTime('20260305013000[0:GMT]')!)).toBe('2026-03-04');
    // ...but midnight GMT is the bank writing a date, not an instant.
    expect(ofxCalendarDate(parseOfxDateTime('20260305000000[0:GMT]')!)).toBe('2026-03-05');
    expect(parseOfxDateTime('20260304')).toEqual({ date: '2026-03-04', minutes: null, offsetMinutes: null });
    expect(parseOfxDateTime('20260304120000.000[-03:EST]')?.offsetMinutes).toBe(-180);
    expect(parseOfxDateTime('20260304120000[+5.5:IST]')?.offsetMinutes).toBe(330);
  });

  it('rejects impossible dates', () => {
    for (const s of ['20260230', '2026-03-04', '20261304', '20260304250000', '', 'ontem']) expect(parseOfxDateTime(s), s).toBeNull();
  });

  it('CSV date formats, day-first when ambiguous', () => {
    expect(parseCsvDate('04/03/2026', 'DD/MM/YYYY')).toBe('2026-03-04');
    expect(parseCsvDate('4/3/26', 'DD/MM/YY')).toBe('2026-03-04');
    expect(parseCsvDate('2026-03-04 10:31:00', 'YYYY-MM-DD')).toBe('2026-03-04');
    expect(parseCsvDate('31/02/2026', 'DD/MM/YYYY')).toBeNull();
    expect(detectCsvDateFormat(['01/03/2026', '02/03/2026'])).toBe('DD/MM/YYYY');
    expect(detectCsvDateFormat(['03/31/2026', '04/01/2026'])).toBe('MM/DD/YYYY');
    expect(detectCsvDateFormat(['2026-03-01'])).toBe('YYYY-MM-DD');
    expect(detectCsvDateFormat(['x'])).toBeNull();
  });
});

describe('decoding', () => {
  it('uses the declared charset, and validity when the declaration is wrong', () => {
    const latin = new Uint8Array(Buffer.from('AÇÃO', 'latin1'));
    expect(decodeStatement(latin, '1252')).toMatchObject({ text: 'AÇÃO', encoding: 'windows-1252' });
    // Declared UTF-8 but not valid UTF-8: Windows-1252.
    expect(decodeStatement(latin, 'UTF-8')).toMatchObject({ text: 'AÇÃO', encoding: 'windows-1252' });
    // Declared 1252 but the bytes are UTF-8.
    expect(decodeStatement(new TextEncoder().encode('AÇÃO'), '1252')).toMatchObject({ text: 'AÇÃO', encoding: 'utf-8' });
    // Windows-1252 specials (0x80-0x9f) are not Latin-1 controls.
    expect(decodeStatement(new Uint8Array([0x93, 0x41, 0x94, 0x20, 0x80]), '1252').text).toBe('“A” €');
  });

  it('reads the OFX header declarations', () => {
    expect(declaredOfxCharset(ofxSgml1252())).toBe('1252');
    expect(declaredOfxCharset(ofxXml())).toBe('UTF-8');
  });

  it('refuses binary files', () => {
    expect(parseError(() => decodeStatement(binaryFile())).code).toBe('binary_file');
    expect(parseError(() => parseStatementFile(binaryFile(), 'extrato.ofx')).message).toMatch(/binário/);
  });
});

describe('OFX', () => {
  it('1.02 SGML in Windows-1252 with accents', () => {
    const [st] = parseOfx(ofxSgml1252());
    expect(st!.encoding).toBe('windows-1252');
    expect(st!.account).toEqual({ bankId: '0341', branchId: '1234', accountId: '56789-0', accountType: 'CHECKING' });
    expect(st!.periodStart).toBe('2026-03-01');
    expect(st!.periodEnd).toBe('2026-03-05');
    expect(st!.ledgerBalanceCents).toBe(255577);
    expect(st!.rows.map((r) => [r.date, r.amountCents, r.type, r.fitid])).toEqual([
      ['2026-03-02', 150000, 'CREDIT', '202603020001'],
      ['2026-03-03', -8990, 'DEBIT', '202603030001'],
      ['2026-03-04', 234567, 'CREDIT', '202603040001'],
      ['2026-03-05', -120000, 'DEBIT', '202603050001'],
    ]);
    expect(st!.rows[0]!.memo).toContain('MARIA JOSÉ CONCEIÇÃO');
    expect(st!.rows[1]!.description).toBe('TARIFA PACOTE SERVIÇOS');
    expect(st!.rows[2]!.name).toBe('ACME ADVOCACIA LTDA');
    expect(st!.rows[2]!.description).toContain('ACME ADVOCACIA LTDA');
    expect(st!.rows[3]!.checkNumber).toBe('000321');
    // Line numbers point into the file (CRLF endings).
    const lines = Buffer.from(ofxSgml1252()).toString('latin1').split('\r\n');
    expect(lines[st!.rows[0]!.line - 1]).toBe('<STMTTRN>');
  });

  it('2.x XML in UTF-8 gives the same rows', () => {
    const [a] = parseOfx(ofxSgml1252());
    const [b] = parseOfx(ofxXml());
    expect(b!.encoding).toBe('utf-8');
    const strip = (rows: NonNullable<typeof a>["rows"]) => rows.map(({ line: _line, ...r }) => r);
    expect(strip(b!.rows)).toEqual(strip(a!.rows));
    expect(b!.account).toEqual(a!.account);
  });

  it('accepts a closed leaf, an entity and a lone & in an SGML file', () => {
    const text = `OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><BANKTRANLIST>\n<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20260304<TRNAMT>10.00<FITID>A1<NAME>M&M LTDA</NAME><MEMO>A &amp; B &#193;\n<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260304<TRNAMT>-1<MEMO>\n<FITID>A2\n</STMTTRN>\n</STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`;
    // The second STMTTRN opened before the first closed: nested, so only the outer list is read.
    const tree = parseOfxTree(text);
    expect(tree.name).toBe('OFX');
    const ok = `OFXHEADER:100\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><BANKTRANLIST>\n<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20260304<TRNAMT>10.00<FITID>A1<NAME>M&M LTDA</NAME><MEMO>A &amp; B &#193;\n</STMTTRN>\n<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260304<TRNAMT>-1<MEMO>\n<FITID>A2\n</STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`;
    const [st] = parseOfx(new TextEncoder().encode(ok));
    expect(st!.rows[0]!.name).toBe('M&M LTDA');
    expect(st!.rows[0]!.memo).toBe('A & B Á');
    expect(st!.rows[1]!.memo).toBeNull();
    expect(st!.rows[1]!.fitid).toBe('A2');
  });

  it('a truncated file names the open tag and its line', () => {
    const e = parseError(() => parseOfx(truncatedOfx()));
    expect(e.code).toBe('truncated');
    expect(e.message).toMatch(/incompleto/);
    expect(e.message).toMatch(/linha \d+/);
    expect(e.issues[0]!.line).toBeGreaterThan(10);
  });

  it('bad amounts and dates are reported with their lines, all of them', () => {
    const bad = ofxSgml1252([
      { posted: '20260302', amount: '10,0,0', fitid: 'X1' },
      { posted: '2026-03-03', amount: '5.00', fitid: 'X2' },
      { posted: '20260304', amount: '1.00', fitid: 'X3' },
    ]);
    const e = parseError(() => parseOfx(bad));
    expect(e.code).toBe('invalid_rows');
    expect(e.issues).toHaveLength(2);
    const lines = Buffer.from(bad).toString('latin1').split('\r\n');
    expect(lines[e.issues[0]!.line! - 1]).toMatch(/^<TRNAMT>10,0,0/);
    expect(lines[e.issues[1]!.line! - 1]).toMatch(/^<DTPOSTED>2026-03-03/);
    expect(e.message).toMatch(/^Linha \d+: valor inválido em TRNAMT \("10,0,0"\) \(e mais 1 problema\)\.$/);
  });

  it('a file with .ofx that is not OFX is refused', () => {
    expect(parseError(() => parseStatementFile(new TextEncoder().encode('Data;Valor\n01/01/2026;1,00'), 'x.ofx')).code).toBe('not_ofx');
  });
});

describe('CSV', () => {
  it('detects ";", decimal comma, day-first dates and the header after title lines', () => {
    const a = analyzeCsv(csvSemicolonComma());
    expect(a).toMatchObject({ encoding: 'windows-1252', delimiter: ';', decimal: ',', dateFormat: 'DD/MM/YYYY', headerIndex: 2 });
    expect(a.header).toEqual(['Data', 'Histórico', 'Documento', 'Valor (R$)', 'Saldo (R$)']);
    expect(a.suggested).toMatchObject({ date: 0, description: [1], amount: 3, credit: null, debit: null, balance: 4 });
    expect(a.preview[0]!.cells[1]).toBe('SALDO ANTERIOR');
    const st = applyCsvMapping(csvSemicolonComma(), a.suggested!);
    expect(st.rows.map((r) => [r.line, r.date, r.amountCents])).toEqual([
      [5, '2026-03-02', 150000],
      [6, '2026-03-03', -8990],
      [7, '2026-03-04', -12035],
      [8, '2026-03-05', 5000],
      [9, '2026-03-05', 5000],
    ]);
    expect(st.rows[2]!.description).toBe('PAGAMENTO; BOLETO ÁGUA');
    expect(st.rows[0]!.balanceCents).toBe(250000);
    expect(st.periodStart).toBe('2026-03-02');
  });

  it('separate credit and debit columns, "," and ISO dates, UTF-8 with BOM', () => {
    const a = analyzeCsv(csvCreditDebit());
    expect(a).toMatchObject({ encoding: 'utf-8', delimiter: ',', decimal: '.', dateFormat: 'YYYY-MM-DD', headerIndex: 0 });
    expect(a.suggested).toMatchObject({ date: 0, description: [1], amount: null, credit: 2, debit: 3, balance: 4 });
    const st = applyCsvMapping(csvCreditDebit(), a.suggested!);
    expect(st.rows.map((r) => [r.date, r.amountCents, r.type])).toEqual([
      ['2026-03-02', 150000, 'CREDIT'],
      ['2026-03-03', -8990, 'DEBIT'],
      ['2026-03-04', 234567, 'CREDIT'],
    ]);
  });

  it('bad cells name the line and the column; nothing is returned', () => {
    const text = 'Data;Histórico;Valor\n01/03/2026;A;10,00\n32/03/2026;B;5,00\n02/03/2026;C;abc\n';
    const bytes = new TextEncoder().encode(text);
    const a = analyzeCsv(new TextEncoder().encode('Data;Histórico;Valor\n01/03/2026;A;10,00\n'));
    const e = parseError(() => applyCsvMapping(bytes, a.suggested!));
    expect(e.issues).toEqual([
      { line: 3, message: 'data "32/03/2026" não está no formato DD/MM/YYYY.' },
      { line: 4, message: 'valor "abc" inválido na coluna "Valor".' },
    ]);
  });

  it('asks for the mapping when the columns cannot be recognised, and uses a saved one that fits', () => {
    const odd = new TextEncoder().encode('a;b;c\nx;y;z\nw;v;u\n');
    const out = parseStatementFile(odd, 'extrato.csv');
    expect(out.kind).toBe('needs_mapping');
    const a = analyzeCsv(csvSemicolonComma());
    const saved = { ...a.suggested!, description: [1, 2] };
    expect(mappingFits(saved, a)).toBe(true);
    expect(mappingFits({ ...saved, headerNames: ['Data', 'Outra'] }, a)).toBe(false);
    const r = parseStatementFile(csvSemicolonComma(), 'extrato.csv', { savedMapping: saved });
    expect(r.kind === 'statement' && r.statement.rows[0]!.description).toBe(`PIX RECEBIDO ${CPF_MARIA.replace(/(\d{3})(\d{3})(\d{3})(\d{2})/, '$1.$2.$3-$4')} MARIA JOSÉ - 123`);
  });

  it('splits quoted cells with delimiters, quotes and line breaks', () => {
    expect(splitCsv('a;"b;c";"d ""e"""\n"f\ng";h', ';')).toEqual([
      { line: 1, cells: ['a', 'b;c', 'd "e"'] },
      { line: 2, cells: ['f\ng', 'h'] },
    ]);
    expect(detectDelimiter('a,b,c\n1,2,3')).toBe(',');
    expect(detectDelimiter('a;b;c\n1,5;2,5;3')).toBe(';');
    expect(detectDelimiter('a\tb\n1\t2')).toBe('\t');
  });
});

describe('keys and payers', () => {
  const base = { line: 1, type: 'CREDIT' as const, fitid: null, checkNumber: null, name: null, memo: null, balanceCents: null };
  it('FITID when unique, else fingerprint with the position among identical rows', () => {
    const rows = [
      { ...base, line: 1, date: '2026-03-05', amountCents: 5000, description: 'PIX JOAO', fitid: 'F1' },
      { ...base, line: 2, date: '2026-03-05', amountCents: 5000, description: 'PIX JOAO', fitid: 'F1' }, // exact repeat
      { ...base, line: 3, date: '2026-03-05', amountCents: 7000, description: 'PIX ANA', fitid: 'F2' },
      { ...base, line: 4, date: '2026-03-06', amountCents: 100, description: 'TED X', fitid: 'F2' }, // reused FITID
      { ...base, line: 5, date: '2026-03-07', amountCents: 5000, description: 'Pix  joão' },
      { ...base, line: 6, date: '2026-03-07', amountCents: 5000, description: 'PIX JOAO' },
    ];
    const k = keyRows(rows);
    expect(k.duplicatesInFile).toBe(1);
    expect(k.rows.map((r) => r.key)).toEqual([
      'fitid:F1',
      'fp:2026-03-05|7000|PIX ANA|0',
      'fp:2026-03-06|100|TED X|0',
      'fp:2026-03-07|5000|PIX JOAO|0',
      'fp:2026-03-07|5000|PIX JOAO|1',
    ]);
    expect(k.warnings.join(' ')).toMatch(/F2/);
    expect(storedTransactionId('acc', 'fitid:F1')).toMatch(/^stmt:[A-Za-z0-9_-]{43}$/);
    expect(storedTransactionId('acc', 'fitid:F1')).not.toBe(storedTransactionId('acc2', 'fitid:F1'));
  });

  it('payer name and a valid CPF/CNPJ from the description', () => {
    expect(isValidCpf(CPF_MARIA) && isValidCpf(CPF_JOAO) && isValidCnpj(CNPJ_ACME)).toBe(true);
    const [st] = parseOfx(ofxSgml1252());
    expect(payerOf(st!.rows[0]!)).toEqual({ payerName: 'MARIA JOSE CONCEICAO', payerDocument: CPF_MARIA, payerDocumentType: 'CPF' });
    expect(payerOf(st!.rows[2]!)).toEqual({ payerName: 'ACME ADVOCACIA LTDA', payerDocument: CNPJ_ACME, payerDocumentType: 'CNPJ' });
    expect(payerOf(st!.rows[1]!)).toEqual({ payerName: null, payerDocument: null, payerDocumentType: null });
    // An invalid check digit is not a document.
    expect(payerOf({ ...base, amountCents: 100, description: 'PIX RECEBIDO 123.456.789-00 FULANO DE TAL' })).toMatchObject({ payerDocument: null, payerName: 'FULANO DE TAL' });
  });

  it('fixtures use the transactions listed', () => {
    expect(MARCH_TXNS).toHaveLength(4);
  });
});
