// npm run --silent reconcile -- --input <file.json | ->
//
// The matching engine's evaluation command (lib/matching/contract.ts): one
// JSON document in, one JSON document on stdout, nothing else. Bad input:
// exit 2, a message on stderr, nothing on stdout. Run through
// scripts/reconcile.mjs, which bundles this file once with esbuild so each
// run starts in plain Node (no TypeScript loader on the clock).
import { readFileSync } from 'node:fs';
import { InputError, reconcileRun, type ReconcileResult, type ReconcileRun } from '@/lib/matching/contract';

const USAGE = `Usage: npm run --silent reconcile -- --input <file.json | ->

Reads transactions, customers, receivables, client mappings, optional
rejections and settings (see lib/matching/README.md) and prints one JSON
document {"results": [...]} with one result per transaction.
`;

function fail(code: number, message: string): never {
  process.stderr.write(`reconcile: ${message}\n`);
  process.exit(code);
}

function parseArgs(argv: string[]): string {
  let input: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-h' || a === '--help') {
      process.stdout.write(USAGE);
      process.exit(0);
    } else if (a === '--input' || a === '-i') {
      const v = argv[++i];
      if (v === undefined) fail(2, '--input needs a file path (or - for stdin)');
      input = v;
    } else if (a.startsWith('--input=')) input = a.slice('--input='.length);
    else fail(2, `unknown argument ${JSON.stringify(a)}\n${USAGE}`);
  }
  if (input === null) fail(2, `--input is required\n${USAGE}`);
  return input;
}

function readInput(path: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (e) {
    return fail(2, `cannot read ${path === '-' ? 'stdin' : path}: ${(e as Error).message}`);
  }
}

function main(): void {
  // A reader that stops early (| head) is no error of ours.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  const path = parseArgs(process.argv.slice(2));
  const text = readInput(path);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    fail(2, `input is not JSON: ${(e as Error).message}`);
  }
  let run: ReconcileRun;
  try {
    run = reconcileRun(doc);
  } catch (e) {
    if (e instanceof InputError) fail(2, `invalid input: ${e.message}`);
    throw e;
  }
  doc = null; // the parsed input is not needed any more: let it go before the output is built
  writeResults(run);
}

/** Results serialised per write to stdout. */
const BATCH = 500;

/**
 * The same bytes as JSON.stringify({ results }) + "\n", written a batch at a
 * time as the results are built: no 80 MB string (and its 80 MB buffer) at
 * 100,000 transactions, and each result is garbage as soon as it is
 * written. One JSON.stringify per batch keeps V8 on its fast path (one call
 * per result, concatenated, is slower). Writes to files and pipes are
 * synchronous on Linux, so nothing piles up; to a socket, Node queues them
 * and drains before exiting.
 *
 * Debits (40 % of a statement) all have the same result but for the id: the
 * first one is serialised in full and split around its id, and every debit
 * after it is that text with its own id, never built or serialised again.
 * In the batch it stands as a number no result holds (negative, six
 * decimals: ids are strings or integers, scores and points are ≥ 0 with four
 * and two), then replaced by the debit's text.
 */
function writeResults(run: ReconcileRun): void {
  process.stdout.write('{"results":[');
  const batch: unknown[] = [];
  let debit: { before: string; after: string } | null = null;
  let debitIds: string[] = [];
  for (let i = 0; i < run.count; i += BATCH) {
    batch.length = 0;
    debitIds = [];
    for (let k = i; k < i + BATCH && k < run.count; k++) {
      if (debit !== null && run.debitAt(k)) {
        batch.push(Number(`-${debitIds.push(JSON.stringify(run.idAt(k)))}${MARK_TAIL}`));
        continue;
      }
      const r = run.resultAt(k);
      if (debit === null && run.debitAt(k)) debit = debitTemplate(r);
      batch.push(r);
    }
    let json = JSON.stringify(batch);
    if (debitIds.length > 0) {
      // A payer name that spells a mark ("-3.000125") is echoed inside a message: then serialise this batch plainly.
      json = fillDebits(json, debitIds, debit!) ?? JSON.stringify(Array.from({ length: Math.min(BATCH, run.count - i) }, (_, k) => run.resultAt(i + k)));
    }
    // Without its brackets; a comma before every batch but the first.
    process.stdout.write(i === 0 ? json.slice(1, -1) : `,${json.slice(1, -1)}`);
  }
  // Let Node drain a large document to a pipe before it exits (no process.exit here).
  process.stdout.write(']}\n');
}

/** A debit's place in the batch: the number -<n>.000125, n its 1-based rank among the batch's debits. */
const MARK_TAIL = '.000125';

/**
 * The batch's text with each debit's mark replaced by its result; null when
 * the marks are not exactly the debits' (some text spells one). Marks are
 * found by their tail, which no number in a result has (scores have four
 * decimals, points two): indexOf, not a regular expression, over 400 KB.
 */
function fillDebits(json: string, ids: readonly string[], d: { before: string; after: string }): string | null {
  const parts: string[] = [];
  let from = 0;
  let next = 0;
  for (let at = json.indexOf(MARK_TAIL); at !== -1; at = json.indexOf(MARK_TAIL, at + MARK_TAIL.length)) {
    let start = at;
    while (start > 0 && json.charCodeAt(start - 1) >= 48 && json.charCodeAt(start - 1) <= 57) start--;
    const end = at + MARK_TAIL.length;
    const before = json.charCodeAt(start - 2);
    const after = json.charCodeAt(end);
    // "-<next>.000125" as a whole array element: after "[" or ",", before "," or "]".
    if (next >= ids.length || json.charCodeAt(start - 1) !== 45 || (before !== 91 && before !== 44) || (after !== 44 && after !== 93)) return null;
    if (json.slice(start, at) !== String(next + 1)) return null;
    parts.push(json.slice(from, start - 1), d.before, ids[next++]!, d.after);
    from = end;
  }
  if (next !== ids.length) return null;
  parts.push(json.slice(from));
  return parts.join('');
}

/** A debit's result, as text before and after its id (its first key). */
function debitTemplate(r: ReconcileResult): { before: string; after: string } {
  const json = JSON.stringify(r);
  const before = '{"transactionId":';
  const id = JSON.stringify(r.transactionId);
  if (!json.startsWith(before + id)) throw new Error('reconcile: a debit result does not start with its id');
  return { before, after: json.slice(before.length + id.length) };
}

main();
