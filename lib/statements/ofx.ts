// OFX statements, 1.x (SGML: leaf elements are not closed, a colon header
// block first) and 2.x (XML with <?OFX ?>), in one tolerant reader.
//
// Why our own and not an npm parser: the maintained ones we tried (ofx-js
// 1.1, node-ofx-parser 0.5, ofx-data-extractor 1.5) stop at turning SGML
// into an object of strings. On files like Brazilian banks emit, ofx-js and
// node-ofx-parser reject a leaf that is closed in an otherwise SGML file
// ("<NAME>M&M</NAME><MEMO>..."), node-ofx-parser turns "&amp;" into
// "&amp;amp;amp;", ofx-data-extractor fails on a plain 1.02 file, none
// reports the line of a problem (a truncated file is "Error while parsing
// content"), and a single STMTTRN comes back as an object instead of a
// list. Charset, dates with zones and amounts to cents were ours to write in
// any case, so the tree reader (~100 lines) is too.
import { parseAmountCents } from './amount';
import { DEFAULT_OFFSET_MINUTES, ofxCalendarDate, parseOfxDateTime } from './dates';
import { declaredOfxCharset, decodeStatement } from './decode';
import { invalidRows, StatementParseError, type StatementIssue } from './errors';
import type { ParsedStatement, StatementRow } from './types';

export interface OfxNode {
  name: string;
  line: number;
  value: string | null;
  children: OfxNode[];
}

// Leaves that may come empty in SGML ("<MEMO>" then the next tag): without
// this list an empty leaf would read as an aggregate swallowing its siblings.
const KNOWN_LEAVES = new Set([
  'MEMO', 'NAME', 'FITID', 'CHECKNUM', 'REFNUM', 'TRNTYPE', 'DTPOSTED', 'DTUSER', 'DTAVAIL', 'TRNAMT', 'PAYEEID', 'SIC', 'SRVRTID',
  'CORRECTFITID', 'CORRECTACTION', 'BANKID', 'BRANCHID', 'ACCTID', 'ACCTTYPE', 'ACCTKEY', 'CURDEF', 'BALAMT', 'DTASOF', 'DTSTART', 'DTEND',
  'CODE', 'SEVERITY', 'MESSAGE', 'DTSERVER', 'LANGUAGE', 'TRNUID', 'ORG', 'FID', 'INTU.BID',
]);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  // A lone "&" (M&M LTDA) is common in SGML files: left as it is.
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, ent: string) => {
    if (ent[0] === '#') {
      const code = ent[1] === 'x' || ent[1] === 'X' ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : all;
    }
    return ENTITIES[ent.toLowerCase()] ?? all;
  });
}

/** Looks like OFX at all (before trusting the extension). */
export function looksLikeOfx(text: string): boolean {
  const head = text.slice(0, 4096);
  return /OFXHEADER\s*[:=]/i.test(head) || /<OFX>/i.test(head);
}

/** The element tree of an OFX body; throws with the line of what is wrong. */
export function parseOfxTree(text: string): OfxNode {
  const start = text.search(/<OFX>/i);
  if (start < 0) throw new StatementParseError('not_ofx', 'O arquivo não é um OFX: a tag <OFX> não foi encontrada.');
  let line = 1;
  for (let i = 0; i < start; i++) if (text.charCodeAt(i) === 10) line++;
  const root: OfxNode = { name: '#root', line: 1, value: null, children: [] };
  const stack: OfxNode[] = [root];
  const tag = /<(\/?)([A-Za-z0-9_.]+)\s*>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g;
  tag.lastIndex = start;
  let pos = start;
  let m: RegExpExecArray | null;
  const countLines = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) line++;
  };
  // The value of a leaf is the text up to the next tag.
  let pendingLeaf: OfxNode | null = null;
  while ((m = tag.exec(text))) {
    const between = text.slice(pos, m.index);
    if (pendingLeaf) {
      const v = between.replace(/\s+$/, '').replace(/^\s+/, '');
      pendingLeaf.value = decodeEntities(v);
    } else if (between.trim() !== '' && stack.length > 1) {
      throw new StatementParseError('invalid_rows', `Linha ${line}: texto fora de uma tag ("${between.trim().slice(0, 40)}").`, [
        { line, message: `texto fora de uma tag ("${between.trim().slice(0, 40)}").` },
      ]);
    }
    countLines(pos, m.index);
    pos = tag.lastIndex;
    if (m[2] === undefined) {
      countLines(m.index, pos);
      continue; // comment or processing instruction
    }
    const closing = m[1] === '/';
    const name = m[2].toUpperCase();
    const top = stack[stack.length - 1]!;
    if (closing) {
      if (pendingLeaf && pendingLeaf.name === name) {
        // A closed leaf (XML, or SGML files that close some leaves).
        pendingLeaf = null;
        continue;
      }
      pendingLeaf = null;
      const at = stack.findLastIndex((n) => n.name === name);
      if (at <= 0) {
        // Closing a leaf that had no value or was already ended: harmless.
        if (top.children.some((c) => c.name === name && c.children.length === 0)) continue;
        throw new StatementParseError('invalid_rows', `Linha ${line}: a tag </${name}> fecha algo que não foi aberto.`, [
          { line, message: `a tag </${name}> fecha algo que não foi aberto.` },
        ]);
      }
      // SGML lets an aggregate close the unclosed leaves inside it; aggregates themselves must close in order.
      stack.length = at;
      continue;
    }
    // An opening tag: a leaf when text follows before the next tag, else an aggregate.
    const node: OfxNode = { name, line, value: null, children: [] };
    top.children.push(node);
    const rest = text.slice(pos, pos + 512);
    const next = rest.search(/</);
    const textAfter = next < 0 ? rest : rest.slice(0, next);
    if (textAfter.trim() !== '') {
      pendingLeaf = node;
    } else {
      const following = rest.slice(next);
      if (following.toUpperCase().startsWith(`</${name}>`) || KNOWN_LEAVES.has(name)) pendingLeaf = node; // empty leaf
      else {
        pendingLeaf = null;
        stack.push(node);
      }
    }
  }
  if (pendingLeaf) pendingLeaf.value = decodeEntities(text.slice(pos).trim());
  if (stack.length > 1) {
    const open = stack[stack.length - 1]!;
    throw new StatementParseError(
      'truncated',
      `O arquivo OFX está incompleto (truncado?): a tag <${open.name}> aberta na linha ${open.line} não foi fechada.`,
      [{ line: open.line, message: `a tag <${open.name}> não foi fechada; o arquivo parece ter sido cortado.` }],
    );
  }
  const ofx = root.children.find((c) => c.name === 'OFX');
  if (!ofx) throw new StatementParseError('not_ofx', 'O arquivo não é um OFX: a tag <OFX> não foi encontrada.');
  return ofx;
}

const child = (n: OfxNode | undefined, name: string) => n?.children.find((c) => c.name === name);
const leaf = (n: OfxNode | undefined, name: string): string | null => {
  const v = child(n, name)?.value;
  return v === undefined || v === null || v === '' ? null : v;
};

function findAll(n: OfxNode, names: Set<string>, out: OfxNode[] = []): OfxNode[] {
  for (const c of n.children) {
    if (names.has(c.name)) out.push(c);
    else findAll(c, names, out);
  }
  return out;
}

/** Parses an OFX file's bytes into one statement per account in it. */
export function parseOfx(bytes: Uint8Array): ParsedStatement[] {
  const decoded = decodeStatement(bytes, declaredOfxCharset(bytes));
  if (!looksLikeOfx(decoded.text)) {
    throw new StatementParseError('not_ofx', 'O arquivo não é um OFX válido: não há o cabeçalho OFXHEADER nem a tag <OFX>.');
  }
  const tree = parseOfxTree(decoded.text);
  const dtServer = parseOfxDateTime(leaf(child(child(tree, 'SIGNONMSGSRSV1'), 'SONRS'), 'DTSERVER') ?? '');
  const statements = findAll(tree, new Set(['STMTRS', 'CCSTMTRS']));
  if (statements.length === 0) throw new StatementParseError('no_transactions', 'O OFX não contém nenhum extrato (STMTRS).');
  return statements.map((st) => {
    const acct = child(st, 'BANKACCTFROM') ?? child(st, 'CCACCTFROM');
    const list = child(st, 'BANKTRANLIST');
    const dtEnd = parseOfxDateTime(leaf(list, 'DTEND') ?? '');
    const dtStart = parseOfxDateTime(leaf(list, 'DTSTART') ?? '');
    // The statement's zone: what its own dates say, else Brazil's.
    const zone = dtEnd?.offsetMinutes ?? dtServer?.offsetMinutes ?? DEFAULT_OFFSET_MINUTES;
    const issues: StatementIssue[] = [];
    const rows: StatementRow[] = [];
    for (const t of list?.children.filter((c) => c.name === 'STMTTRN') ?? []) {
      const rawDate = leaf(t, 'DTPOSTED');
      const rawAmount = leaf(t, 'TRNAMT');
      const dateLine = child(t, 'DTPOSTED')?.line ?? t.line;
      const amountLine = child(t, 'TRNAMT')?.line ?? t.line;
      const parsedDate = rawDate ? parseOfxDateTime(rawDate) : null;
      const cents = rawAmount ? parseAmountCents(rawAmount) : null;
      if (!rawDate) issues.push({ line: t.line, message: 'lançamento sem data (DTPOSTED).' });
      else if (!parsedDate) issues.push({ line: dateLine, message: `data inválida em DTPOSTED ("${rawDate.slice(0, 30)}"); o esperado é AAAAMMDD, como 20260304.` });
      if (!rawAmount) issues.push({ line: t.line, message: 'lançamento sem valor (TRNAMT).' });
      else if (cents === null) issues.push({ line: amountLine, message: `valor inválido em TRNAMT ("${rawAmount.slice(0, 30)}").` });
      if (!parsedDate || cents === null) continue;
      const name = leaf(t, 'NAME') ?? leaf(child(t, 'PAYEE'), 'NAME');
      const memo = leaf(t, 'MEMO');
      // Banks put the useful text in MEMO, NAME or both (often one repeating the other).
      const description = [memo, name && (!memo || !memo.toUpperCase().includes(name.toUpperCase())) ? name : null]
        .filter(Boolean)
        .join(' - ')
        .replace(/\s+/g, ' ')
        .trim();
      const trnType = leaf(t, 'TRNTYPE');
      rows.push({
        line: t.line,
        date: ofxCalendarDate(parsedDate, zone),
        amountCents: cents,
        // The sign decides; TRNTYPE only when the amount is zero.
        type: cents > 0 || (cents === 0 && trnType !== 'DEBIT') ? 'CREDIT' : 'DEBIT',
        description: description || trnType || 'Lançamento',
        fitid: leaf(t, 'FITID'),
        checkNumber: leaf(t, 'CHECKNUM'),
        name,
        memo,
        balanceCents: null,
      });
    }
    if (issues.length) throw invalidRows(issues);
    const ledger = leaf(child(st, 'LEDGERBAL'), 'BALAMT');
    const dates = rows.map((r) => r.date).sort();
    return {
      format: 'ofx' as const,
      encoding: decoded.encoding,
      currency: leaf(st, 'CURDEF') ?? 'BRL',
      account: {
        bankId: leaf(acct, 'BANKID'),
        branchId: leaf(acct, 'BRANCHID'),
        accountId: leaf(acct, 'ACCTID'),
        accountType: leaf(acct, 'ACCTTYPE'),
      },
      periodStart: dtStart ? ofxCalendarDate(dtStart, zone) : (dates[0] ?? null),
      periodEnd: dtEnd ? ofxCalendarDate(dtEnd, zone) : (dates[dates.length - 1] ?? null),
      ledgerBalanceCents: ledger ? parseAmountCents(ledger) : null,
      rows,
      warnings: [],
    };
  });
}
