// npm run --silent reconcile -- --input <file.json | ->
//
// The matching engine's evaluation command (lib/matching/contract.ts): one
// JSON document in, one JSON document on stdout, nothing else. Bad input:
// exit 2, a message on stderr, nothing on stdout. Run through
// scripts/reconcile.mjs, which bundles this file once with esbuild so each
// run starts in plain Node (no TypeScript loader on the clock).
import { readFileSync } from 'node:fs';
import { InputError, reconcile } from '@/lib/matching/contract';

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
  let out: string;
  try {
    out = JSON.stringify(reconcile(doc));
  } catch (e) {
    if (e instanceof InputError) fail(2, `invalid input: ${e.message}`);
    throw e;
  }
  // Let Node drain a large document to a pipe before it exits (no process.exit here).
  process.stdout.write(out);
  process.stdout.write('\n');
}

main();
