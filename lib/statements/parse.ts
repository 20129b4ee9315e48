// One entry point for an uploaded file: OFX by content (whatever the
// extension says), else CSV when the name or content says so. A binary file
// under either extension is refused before anything else.
import { analyzeCsv, applyCsvMapping, mappingFits, type CsvAnalysis, type CsvMapping } from './csv';
import { assertText, decodeStatement } from './decode';
import { StatementParseError } from './errors';
import { looksLikeOfx, parseOfx } from './ofx';
import type { ParsedStatement } from './types';

export type ParseOutcome =
  | { kind: 'statement'; statement: ParsedStatement; csv: CsvAnalysis | null; mapping: CsvMapping | null }
  | { kind: 'needs_mapping'; csv: CsvAnalysis };

export function detectFormat(bytes: Uint8Array, fileName: string): 'ofx' | 'csv' {
  assertText(bytes);
  const head = decodeStatement(bytes.subarray(0, 4096)).text;
  if (looksLikeOfx(head)) return 'ofx';
  if (/\.(ofx|qfx)$/i.test(fileName)) {
    throw new StatementParseError('not_ofx', 'O arquivo tem extensão .ofx mas não é um OFX (não há o cabeçalho OFXHEADER nem a tag <OFX>).');
  }
  return 'csv';
}

/**
 * Parses a file. CSV needs a mapping: the one given, else the saved one when
 * the file's header matches it, else the suggested one when detection found
 * every column; otherwise the caller gets the analysis for the mapping step.
 */
export function parseStatementFile(
  bytes: Uint8Array,
  fileName: string,
  opts: { mapping?: CsvMapping | null; savedMapping?: CsvMapping | null } = {},
): ParseOutcome {
  if (detectFormat(bytes, fileName) === 'ofx') {
    const statements = parseOfx(bytes).filter((s) => s.rows.length > 0);
    if (statements.length === 0) throw new StatementParseError('no_transactions', 'O OFX não contém nenhum lançamento.');
    if (statements.length > 1) {
      throw new StatementParseError('unsupported', `O OFX contém extratos de ${statements.length} contas; envie um arquivo por conta.`);
    }
    return { kind: 'statement', statement: statements[0]!, csv: null, mapping: null };
  }
  const csv = analyzeCsv(bytes);
  const mapping = opts.mapping ?? (opts.savedMapping && mappingFits(opts.savedMapping, csv) ? opts.savedMapping : null) ?? csv.suggested;
  if (!mapping) return { kind: 'needs_mapping', csv };
  return { kind: 'statement', statement: applyCsvMapping(bytes, mapping), csv, mapping };
}
