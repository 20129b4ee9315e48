// What a statement file can be wrong with, said in pt-BR for the person who
// sent it, with the line when there is one. Parsers collect these instead of
// throwing at the first problem so one upload shows every bad line (capped),
// and nothing is imported from a file with any of them.

export interface StatementIssue {
  /** 1-based line of the file, when the problem has one. */
  line?: number;
  message: string;
}

export const MAX_ISSUES = 20;

export class StatementParseError extends Error {
  constructor(
    readonly code: 'binary_file' | 'empty_file' | 'not_ofx' | 'truncated' | 'invalid_rows' | 'no_transactions' | 'unsupported' | 'mapping_required',
    message: string,
    readonly issues: StatementIssue[] = [],
  ) {
    super(message);
    this.name = 'StatementParseError';
  }
}

/** "Linha 12: ..." — the form every issue is shown in. */
export function issueText(issue: StatementIssue): string {
  return issue.line ? `Linha ${issue.line}: ${issue.message}` : issue.message;
}

export function invalidRows(issues: StatementIssue[], total = issues.length): StatementParseError {
  const shown = issues.slice(0, MAX_ISSUES);
  const first = shown[0];
  const more = total > 1 ? ` (e mais ${total - 1} ${total - 1 === 1 ? 'problema' : 'problemas'})` : '';
  const head = first ? issueText(first).replace(/\.$/, '') : 'O arquivo tem linhas inválidas';
  return new StatementParseError('invalid_rows', `${head}${more}.`, shown);
}
