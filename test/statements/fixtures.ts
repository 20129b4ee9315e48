// Generated statement files for tests — never real statements. CPFs and
// CNPJs are valid numbers from a seeded generator (lib/documents), names are
// invented.
import { formatCnpj, formatCpf, generateCnpj, generateCpf } from '@/lib/documents';
import { createRng } from '@/lib/synthetic/rng';

const rng = createRng(14);
export const CPF_MARIA = generateCpf(rng);
export const CPF_JOAO = generateCpf(rng);
export const CNPJ_ACME = generateCnpj(rng);

export interface OfxTxn {
  type?: 'CREDIT' | 'DEBIT';
  posted: string;
  amount: string;
  fitid?: string;
  memo?: string;
  name?: string;
  checknum?: string;
}

const latin1 = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const utf8 = (s: string) => new TextEncoder().encode(s);

export const MARCH_TXNS: OfxTxn[] = [
  { type: 'CREDIT', posted: '20260302100000[-3:BRT]', amount: '1500.00', fitid: '202603020001', memo: `PIX RECEBIDO ${formatCpf(CPF_MARIA)} MARIA JOSÉ CONCEIÇÃO` },
  { type: 'DEBIT', posted: '20260303', amount: '-89.90', fitid: '202603030001', memo: 'TARIFA PACOTE SERVIÇOS' },
  { type: 'CREDIT', posted: '20260304223000[-3:BRT]', amount: '2.345,67', fitid: '202603040001', name: 'ACME ADVOCACIA LTDA', memo: `TED RECEBIDA ${formatCnpj(CNPJ_ACME)}` },
  { type: 'DEBIT', posted: '20260305', amount: '-1200.00', fitid: '202603050001', checknum: '000321', memo: 'CHEQUE COMPENSADO' },
];

function stmttrn(t: OfxTxn, xml: boolean): string {
  const el = (n: string, v: string | undefined) => (v === undefined ? '' : xml ? `<${n}>${v.replace(/&/g, '&amp;')}</${n}>` : `<${n}>${v}`);
  return [
    '<STMTTRN>',
    el('TRNTYPE', t.type ?? (t.amount.startsWith('-') ? 'DEBIT' : 'CREDIT')),
    el('DTPOSTED', t.posted),
    el('TRNAMT', t.amount),
    el('FITID', t.fitid),
    el('CHECKNUM', t.checknum),
    el('NAME', t.name),
    el('MEMO', t.memo),
    '</STMTTRN>',
  ]
    .filter(Boolean)
    .join('\n');
}

export interface OfxOptions {
  bankId?: string;
  branchId?: string;
  acctId?: string;
  start?: string;
  end?: string;
}

/** OFX 1.02 SGML in Windows-1252 (CHARSET:1252), leaves unclosed, as Brazilian banks send it. */
export function ofxSgml1252(txns: OfxTxn[] = MARCH_TXNS, o: OfxOptions = {}): Uint8Array {
  const text = `OFXHEADER:100
DATA:OFXSGML
VERSION:102
SECURITY:NONE
ENCODING:USASCII
CHARSET:1252
COMPRESSION:NONE
OLDFILEUID:NONE
NEWFILEUID:NONE

<OFX>
<SIGNONMSGSRSV1>
<SONRS>
<STATUS>
<CODE>0
<SEVERITY>INFO
</STATUS>
<DTSERVER>20260306120000[-3:BRT]
<LANGUAGE>POR
</SONRS>
</SIGNONMSGSRSV1>
<BANKMSGSRSV1>
<STMTTRNRS>
<TRNUID>1001
<STATUS>
<CODE>0
<SEVERITY>INFO
</STATUS>
<STMTRS>
<CURDEF>BRL
<BANKACCTFROM>
<BANKID>${o.bankId ?? '0341'}
<BRANCHID>${o.branchId ?? '1234'}
<ACCTID>${o.acctId ?? '56789-0'}
<ACCTTYPE>CHECKING
</BANKACCTFROM>
<BANKTRANLIST>
<DTSTART>${o.start ?? '20260301000000[-3:BRT]'}
<DTEND>${o.end ?? '20260305235959[-3:BRT]'}
${txns.map((t) => stmttrn(t, false)).join('\n')}
</BANKTRANLIST>
<LEDGERBAL>
<BALAMT>2555.77
<DTASOF>20260305
</LEDGERBAL>
</STMTRS>
</STMTTRNRS>
</BANKMSGSRSV1>
</OFX>
`.replace(/\n/g, '\r\n');
  return latin1(text);
}

/** OFX 2.2 XML in UTF-8, every element closed. */
export function ofxXml(txns: OfxTxn[] = MARCH_TXNS, o: OfxOptions = {}): Uint8Array {
  const text = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>
<OFX>
  <SIGNONMSGSRSV1><SONRS><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS><DTSERVER>20260306120000[-3:BRT]</DTSERVER><LANGUAGE>POR</LANGUAGE></SONRS></SIGNONMSGSRSV1>
  <BANKMSGSRSV1>
    <STMTTRNRS>
      <TRNUID>1</TRNUID>
      <STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
      <STMTRS>
        <CURDEF>BRL</CURDEF>
        <BANKACCTFROM><BANKID>${o.bankId ?? '0341'}</BANKID><BRANCHID>${o.branchId ?? '1234'}</BRANCHID><ACCTID>${o.acctId ?? '56789-0'}</ACCTID><ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM>
        <BANKTRANLIST>
          <DTSTART>${o.start ?? '20260301'}</DTSTART>
          <DTEND>${o.end ?? '20260305'}</DTEND>
${txns.map((t) => stmttrn(t, true)).join('\n')}
        </BANKTRANLIST>
        <LEDGERBAL><BALAMT>2555.77</BALAMT><DTASOF>20260305</DTASOF></LEDGERBAL>
      </STMTRS>
    </STMTTRNRS>
  </BANKMSGSRSV1>
</OFX>
`;
  return utf8(text);
}

/** A CSV with ";" and decimal comma, Windows-1252, title lines before the header, a balance column. */
export function csvSemicolonComma(): Uint8Array {
  const text = [
    'Extrato de conta corrente;;;;',
    'Agência 1234 Conta 56789-0;;;;',
    'Data;Histórico;Documento;Valor (R$);Saldo (R$)',
    '01/03/2026;SALDO ANTERIOR;;;1.000,00',
    `02/03/2026;PIX RECEBIDO ${formatCpf(CPF_MARIA)} MARIA JOSÉ;123;1.500,00;2.500,00`,
    '03/03/2026;TARIFA PACOTE SERVIÇOS;;-89,90;2.410,10',
    '04/03/2026;"PAGAMENTO; BOLETO ÁGUA";555;-120,35;2.289,75',
    `05/03/2026;PIX RECEBIDO ${formatCpf(CPF_JOAO)} JOÃO PEREIRA;;50,00;2.339,75`,
    `05/03/2026;PIX RECEBIDO ${formatCpf(CPF_JOAO)} JOÃO PEREIRA;;50,00;2.389,75`,
    '',
  ].join('\r\n');
  return latin1(text);
}

/** A CSV with "," and separate credit / debit columns, UTF-8 with BOM, ISO dates. */
export function csvCreditDebit(): Uint8Array {
  const text = [
    'Data,Descrição,Crédito,Débito,Saldo',
    `2026-03-02,"PIX RECEBIDO ${formatCpf(CPF_MARIA)} MARIA JOSÉ",1500.00,,2500.00`,
    '2026-03-03,TARIFA PACOTE SERVIÇOS,,89.90,2410.10',
    `2026-03-04,"TED RECEBIDA ${formatCnpj(CNPJ_ACME)} ACME ADVOCACIA",2345.67,,4755.77`,
    '',
  ].join('\n');
  return new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);
}

/** Bytes of a PNG-like binary, to be uploaded as "extrato.ofx". */
export function binaryFile(): Uint8Array {
  const b = new Uint8Array(600);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
  for (let i = 12; i < b.length; i++) b[i] = (i * 37) % 256;
  return b;
}

/** The SGML file cut in the middle of its transaction list. */
export function truncatedOfx(): Uint8Array {
  const full = ofxSgml1252();
  const text = Buffer.from(full).toString('latin1');
  const cut = text.indexOf('<STMTTRN>', text.indexOf('<STMTTRN>') + 1) + 40;
  return latin1(text.slice(0, cut));
}
