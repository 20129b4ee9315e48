// Bytes of an uploaded statement to text. Brazilian banks emit OFX in
// Windows-1252 / Latin-1 (header CHARSET:1252 or ENCODING:USASCII with
// accents anyway) as well as UTF-8, and CSV exports have no header at all.
// The declared charset is tried first; a declaration the bytes contradict is
// common (1252 declared, UTF-8 sent), so validity decides: bytes that decode
// as strict UTF-8 and contain multi-byte sequences are UTF-8 (Windows-1252
// text practically never forms valid UTF-8 sequences), anything else that is
// not valid UTF-8 is Windows-1252 (a superset of Latin-1's printable range).
import { StatementParseError } from './errors';

export type TextEncodingName = 'utf-8' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /** What the file said it was, when it said (OFX headers, XML declaration). */
  declared: string | null;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** Rejects files that are not text at all (a PDF or a spreadsheet renamed .ofx/.csv). */
export function assertText(bytes: Uint8Array): void {
  if (bytes.length === 0) throw new StatementParseError('empty_file', 'O arquivo está vazio.');
  const head = bytes.subarray(0, Math.min(bytes.length, 8192));
  if (head[0] === 0xff && head[1] === 0xfe) throw new StatementParseError('unsupported', 'O arquivo está em UTF-16; salve-o como UTF-8 ou Windows-1252 e envie de novo.');
  if (head[0] === 0xfe && head[1] === 0xff) throw new StatementParseError('unsupported', 'O arquivo está em UTF-16; salve-o como UTF-8 ou Windows-1252 e envie de novo.');
  let control = 0;
  for (const b of head) {
    if (b === 0) {
      throw new StatementParseError('binary_file', 'O arquivo não é um extrato em texto (parece ser um arquivo binário, como PDF, planilha ou imagem, com outra extensão).');
    }
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  if (control > head.length / 100 + 2) {
    throw new StatementParseError('binary_file', 'O arquivo não é um extrato em texto (parece ser um arquivo binário, como PDF, planilha ou imagem, com outra extensão).');
  }
}

function normalizeName(declared: string | null): TextEncodingName | null {
  if (!declared) return null;
  const d = declared.trim().toLowerCase().replace(/[_\s]/g, '-');
  if (d === 'utf-8' || d === 'utf8' || d === 'unicode') return 'utf-8';
  if (/^(1252|windows-?1252|cp-?1252|iso-?8859-?1|iso-?8859-?15|latin-?1|8859-?1)$/.test(d)) return 'windows-1252';
  return null;
}

/** Decodes with an optional declaration (an OFX CHARSET/ENCODING, an XML encoding). */
export function decodeStatement(bytes: Uint8Array, declared: string | null = null): DecodedText {
  assertText(bytes);
  let body = bytes;
  let hasBom = false;
  if (bytes[0] === UTF8_BOM[0] && bytes[1] === UTF8_BOM[1] && bytes[2] === UTF8_BOM[2]) {
    body = bytes.subarray(3);
    hasBom = true;
  }
  let utf8: string | null = null;
  try {
    utf8 = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    utf8 = null;
  }
  const hint = hasBom ? 'utf-8' : normalizeName(declared);
  const multiByte = body.some((b) => b >= 0x80);
  let encoding: TextEncodingName;
  if (utf8 !== null && (hint === 'utf-8' || multiByte || hint === null)) encoding = 'utf-8';
  else if (utf8 === null) encoding = 'windows-1252';
  else encoding = hint ?? 'utf-8'; // plain ASCII: either reading is the same text
  const text = encoding === 'utf-8' ? (utf8 ?? '') : new TextDecoder('windows-1252').decode(body);
  return { text, encoding, declared };
}

/** The OFX 1.x header's CHARSET (1252 …) or ENCODING (UTF-8), or an XML declaration's encoding. */
export function declaredOfxCharset(bytes: Uint8Array): string | null {
  // Headers are ASCII; reading them as Latin-1 never fails.
  const head = new TextDecoder('windows-1252').decode(bytes.subarray(0, 2048));
  const xml = /<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(head);
  if (xml) return xml[1]!;
  const charset = /^\s*CHARSET\s*:\s*([^\s<]+)/im.exec(head)?.[1];
  const enc = /^\s*ENCODING\s*:\s*([^\s<]+)/im.exec(head)?.[1];
  if (enc && /utf-?8|unicode/i.test(enc)) return 'utf-8';
  if (charset && !/^none$/i.test(charset)) return charset;
  return enc && !/usascii/i.test(enc) ? enc : null;
}
