// Who paid, from the statement line when the bank gave no payment data:
// "PIX RECEBIDO - JOAO S SILVA", "TED 341 0001 MARIA SANTOS",
// "PIX RECEBIDO 123.456.789-09 JOAO", "LIQUIDACAO DE BOLETO - ACME LTDA".
// Banks put a few words of operation first and sometimes codes, dates or a
// document around the name; the name is what remains.
import { parseDocument, type DocumentType } from '@/lib/documents';
import { foldText } from './normalize';

// Words that describe the operation, never the payer, at the start of a line.
const OPERATION_WORDS: ReadonlySet<string> = new Set([
  'PIX', 'TED', 'DOC', 'TEF', 'TRANSF', 'TRANSFERENCIA', 'TRANSFER', 'TRANSFERENCI', 'RECEBIDO', 'RECEBIDA', 'RECEB', 'REC', 'RECEBIMENTO',
  'RCBT', 'CRED', 'CREDITO', 'CR', 'LIQUIDACAO', 'LIQ', 'BOLETO', 'BLQ', 'TITULO', 'COBRANCA', 'EM', 'CONTA', 'CORRENTE', 'CC',
  'INSTANTANEO', 'QR', 'QRCODE', 'CODE', 'DINAMICO', 'ESTATICO', 'CHAVE', 'DE', 'DO', 'DA', 'POR', 'VIA', 'ELETRONICA', 'INTERBANCARIA',
  'OUTRA', 'OUTRO', 'INST', 'BANCO', 'BCO', 'AG', 'AGENCIA', 'NOME', 'REMETENTE', 'ORIGEM', 'PAGADOR', 'DEPOSITO', 'DEP',
  'PAGO', 'PAGA', 'PAG', 'PAGTO', 'PGTO', 'RECEBTO', 'RECTO', 'ENTRADA',
]);

// Lines that are not payments from anyone (yield, refunds, own transfers).
const NO_PAYER = /^(RENDIMENT|RESGATE|APLICACAO|ESTORNO|DEVOLUCAO|CREDITO JUROS|JUROS|TRANSFERENCIA ENTRE CONTAS|TARIFA|SALDO|IOF|CASHBACK|ENTRE CONTAS)/;

// Once the name has started, these end it ("… CPF 123…", "… - CHAVE …").
const NAME_ENDERS: ReadonlySet<string> = new Set([
  'CPF', 'CNPJ', 'CHAVE', 'DOC', 'ID', 'AG', 'AGENCIA', 'CC', 'CONTA', 'BCO', 'BANCO', 'REF',
  'PIX', 'TED', 'TRANSF', 'RECEBIDO', 'RECEBIDA', 'RECEBIMENTO',
  // What the payer wrote after the name ("… PARC 3/10", "… REFERENTE MARCO"): never a name word.
  'PARC', 'PARCELA', 'PARCELAS', 'PRESTACAO', 'REFERENTE', 'HONORARIOS', 'MENSALIDADE',
]);

const FORMATTED_DOC = /\d{3}\.\d{3}\.\d{3}-\d{2}|\d{2}\.\d{3}\.\d{3}\/\d{4}-\d{2}|(?<!\d)\d{14}(?!\d)|(?<!\d)\d{11}(?!\d)/g;

export interface DescribedPayer {
  /** Upper case, no accents; null when the line names nobody. */
  name: string | null;
  /** A valid CPF/CNPJ written in the line, if any. */
  document: { digits: string; type: DocumentType } | null;
  /** The line says it is no payment from anyone (yield, refund, own transfer). */
  nonPayment: boolean;
}

const AMP = 'ZZAMPERSANDZZ';
const NOBODY: DescribedPayer = { name: null, document: null, nonPayment: false };

export function payerFromDescription(description: string | null): DescribedPayer {
  if (!description) return NOBODY;
  let document: DescribedPayer['document'] = null;
  // Most lines carry no document (11+ digits): skip the document scan for them.
  let digits = 0;
  for (let i = 0; i < description.length && digits < 11; i++) {
    const c = description.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  const withoutDocs =
    digits < 11
      ? description
      : description.replace(FORMATTED_DOC, (m) => {
          const d = parseDocument(m);
          if (d && !document) document = d;
          return ' ';
        });
  // "&" marks a firm's name, and what a cut leaves of its suffix ("… S." of
  // "S.A.") is recognised only in a firm's name: folding would drop it, so it
  // travels as a word and is put back.
  const folded = foldText(withoutDocs.includes('&') ? withoutDocs.replace(/&/g, ` ${AMP} `) : withoutDocs);
  if (folded.length === 0) return { name: null, document, nonPayment: false };
  if (NO_PAYER.test(folded)) return { name: null, document, nonPayment: true };
  const words = folded.split(' ');
  let i = 0;
  while (i < words.length && (OPERATION_WORDS.has(words[i]!) || /\d/.test(words[i]!))) i++;
  const name: string[] = [];
  for (; i < words.length; i++) {
    const w = words[i]!;
    if (NAME_ENDERS.has(w)) break;
    // A date, time, code or account after the name ends it.
    if (/\d/.test(w)) {
      if (name.length > 0) break;
      continue;
    }
    name.push(w === AMP ? '&' : w);
  }
  // One stray letter is not a name.
  while (name[0] === '&') name.shift();
  while (name.at(-1) === '&') name.pop();
  if (name.length === 0 || (name.length === 1 && name[0]!.length < 3)) return { name: null, document, nonPayment: false };
  return { name: name.join(' '), document, nonPayment: false };
}
