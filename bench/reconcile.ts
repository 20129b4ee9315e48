// npm run bench:reconcile [-- --seeds 3] [--quick] [--no-cli] [--quality-only] [--imputation planned|civil_code] [--flow | --flow-only] [--flow-clients 20000 --flow-rows 100000]
//
// The matching engine's quality and speed on labelled synthetic books
// (lib/synthetic/book): auto precision, coverage, wrongly claimed share,
// receivable recall per configuration (one of them held out: not what the
// defaults were tuned on), then how the time grows from 10k to 100k
// transactions, then the evaluation command end to end at 100k × 20k × 50k.
// Metric definitions: bench/README.md. Nothing here asserts; it prints.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { reconcileWithStats, type ReconcileInput } from '@/lib/matching/contract';
import { COMMON_QUIRKS, labelledInput, type Quirks } from '@/lib/matching/labelled';
import { evaluate, meetsTargets, TARGETS, type Metrics, type Truth } from '@/lib/matching/metrics';
import { generateBook, type BookOptions } from '@/lib/synthetic/book';
import { createRng } from '@/lib/synthetic/rng';
import { table } from './lib/table';

const ANCHOR = '2026-11-30';
const QUEUE_DAYS = 45;

interface Config {
  name: string;
  tuned: boolean;
  book: BookOptions;
  quirks: Quirks;
  seeds?: number[];
}

const HELD_OUT_QUIRKS: Quirks = { bareDocument: 0.5, maskedDocument: 0.15, pixKeyAsDocument: 0.06, formattedCustomerDocument: 0.3 };

const CONFIGS: Config[] = [
  { name: 'tuned: 5k clients', tuned: true, book: { customers: 5000 }, quirks: COMMON_QUIRKS },
  { name: 'tuned: distortion x1.8', tuned: true, book: { customers: 5000, distortion: 1.8 }, quirks: COMMON_QUIRKS },
  { name: 'tuned: 20k clients', tuned: true, book: { customers: 20_000 }, quirks: COMMON_QUIRKS, seeds: [1] },
  {
    name: 'held out: other banks, more homonyms/strangers/relatives',
    tuned: false,
    book: {
      customers: 5000,
      distortion: 1.5,
      homonymShare: 0.15,
      missingDocumentShare: 0.12,
      strangerShare: 0.2,
      strangerHomonymShare: 0.4,
      strangerAmountShare: 0.3,
      relativeShare: 0.3,
      contactShare: 0.1,
      statementStyle: 'varied',
    },
    quirks: HELD_OUT_QUIRKS,
  },
  { name: 'held out: small firm (800 clients)', tuned: false, book: { customers: 800, distortion: 1.2, statementStyle: 'varied' }, quirks: HELD_OUT_QUIRKS, seeds: [11, 12, 13, 14, 15] },
];

const pct = (v: number) => `${(v * 100).toFixed(2)} %`;

/** --imputation civil_code: the truth as the firm would record it under Código Civil art. 355 (BookOptions.imputation). */
let imputation: BookOptions['imputation'] = 'planned';

function labelled(book: BookOptions, seed: number, quirks: Quirks) {
  const b = generateBook({ anchorDate: ANCHOR, openWindowDays: QUEUE_DAYS, debitShare: 0.5, ...book, seed, imputation });
  return labelledInput(b, { queueDays: QUEUE_DAYS, quirks });
}

function run(input: ReconcileInput): { results: ReturnType<typeof reconcileWithStats>['output']['results']; ms: number } {
  // A structured clone keeps the run honest: the engine gets fresh objects, as from JSON.parse.
  const doc = JSON.parse(JSON.stringify(input)) as unknown;
  const t0 = performance.now();
  const { output } = reconcileWithStats(doc);
  return { results: output.results, ms: performance.now() - t0 };
}

function quality(seedCount: number): void {
  console.log(`\n## Quality (queue: credits of the last ${QUEUE_DAYS} days, half as many debits as client payments)\n`);
  console.log(`Targets: auto precision ≥ ${pct(TARGETS.autoPrecision)}, coverage ≥ ${pct(TARGETS.coverage)}, wrongly claimed ≤ ${pct(TARGETS.wronglyClaimed)}, receivable recall ≥ ${pct(TARGETS.receivableRecall)}.\n`);
  const rows: (string | number)[][] = [];
  const kinds = new Map<string, Map<string, number[]>>();
  for (const config of CONFIGS) {
    const seeds = config.seeds ?? Array.from({ length: seedCount }, (_, i) => i + 1);
    for (const seed of seeds) {
      const { input, truth } = labelled(config.book, seed, config.quirks);
      const { results, ms } = run(input);
      const m = evaluate(results, truth);
      const misses = meetsTargets(m);
      rows.push([
        config.name,
        seed,
        m.transactions,
        m.clientPayments,
        m.nonClient,
        `${pct(m.autoPrecision)} (${m.auto})`,
        pct(m.coverage),
        pct(m.wronglyClaimed),
        pct(m.wronglyClaimedCredits),
        pct(m.receivableRecall),
        pct(m.auto / Math.max(1, m.clientPayments)),
        `${ms.toFixed(0)} ms`,
        misses.length === 0 ? 'yes' : `NO: ${misses.join('; ')}`,
      ]);
      if (!config.tuned) collectKinds(kinds, config.name, m);
    }
  }
  console.log(
    table(
      ['configuration', 'seed', 'txns', 'client', 'non-client', 'auto precision (n)', 'coverage', 'wrongly claimed', '… of credits', 'recv recall', 'auto share', 'engine', 'targets met'],
      rows,
    ),
  );
  console.log('\nBy kind of payment, held-out configurations pooled (auto = right client and receivables at auto):\n');
  for (const [name, byKind] of kinds) {
    console.log(`${name}`);
    console.log(
      table(
        ['kind', 'n', 'auto', 'auto correct', 'suggested', 'right client', 'unmatched'],
        [...byKind].map(([kind, v]) => [kind, v[0]!, v[1]!, v[2]!, v[3]!, `${v[4]!} (${pct(v[4]! / v[0]!)})`, v[5]!]),
      ),
    );
  }
}

function collectKinds(into: Map<string, Map<string, number[]>>, name: string, m: Metrics): void {
  let byKind = into.get(name);
  if (!byKind) into.set(name, (byKind = new Map()));
  for (const [kind, f] of Object.entries(m.byKind)) {
    const v = byKind.get(kind) ?? [0, 0, 0, 0, 0, 0];
    [f.n, f.auto, f.autoCorrect, f.suggested, f.rightCustomer, f.unmatched].forEach((x, i) => (v[i]! += x));
    byKind.set(kind, v);
  }
}

/**
 * 20,000 clients, 50,000 open receivables, 100,000 transactions: two years
 * of a large firm's statement (client credits, strangers, no-payer credits,
 * debits) against its open receivables. Old credits whose receivables were
 * paid long ago are part of it, as on a real statement.
 */
function scaleInput(): { input: ReconcileInput; truth: Map<string, Truth> } {
  const book = generateBook({ seed: 101, customers: 20_000, anchorDate: ANCHOR, openWindowDays: 365, debitShare: 0.75 });
  const { input, truth } = labelledInput(book, { queueDays: 10_000, quirks: COMMON_QUIRKS });
  const rng = createRng(7);
  const txs = [...input.transactions];
  for (let i = txs.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [txs[i], txs[j]] = [txs[j]!, txs[i]!];
  }
  if (txs.length < 100_000 || input.receivables.length < 50_000) throw new Error(`scale book too small: ${txs.length} txns, ${input.receivables.length} receivables`);
  return { input: { ...input, transactions: txs.slice(0, 100_000), receivables: input.receivables.slice(0, 50_000) }, truth };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function scaling(input: ReconcileInput, rounds: number): void {
  console.log('\n## Scaling (20,000 clients, 50,000 open receivables; engine in process, median of rounds)\n');
  const rows: (string | number)[][] = [];
  let base = 0;
  let prev: { n: number; e: number } | null = null;
  for (const n of [10_000, 20_000, 50_000, 100_000]) {
    const sub = { ...input, transactions: input.transactions.slice(0, n) };
    const text = JSON.stringify(sub);
    const parse: number[] = [];
    const engine: number[] = [];
    let results = 0;
    for (let r = 0; r < rounds; r++) {
      let t = performance.now();
      const doc = JSON.parse(text) as unknown;
      parse.push(performance.now() - t);
      t = performance.now();
      results = reconcileWithStats(doc).output.results.length;
      engine.push(performance.now() - t);
    }
    const e = median(engine);
    const p = median(parse);
    if (n === 10_000) base = e;
    // The marginal cost per added transaction: flat when growth is linear (the fixed part, clients and indexes, drops out).
    const marginal = prev ? `${(((e - prev.e) * 1000) / (n - prev.n)).toFixed(1)} µs` : '-';
    rows.push([n.toLocaleString('en-US'), results.toLocaleString('en-US'), `${e.toFixed(0)} ms`, `${((e * 1000) / n).toFixed(1)} µs`, marginal, `${(e / base).toFixed(2)} (linear: ${(n / 10_000).toFixed(0)})`, `${p.toFixed(0)} ms`, `${(e / p).toFixed(1)}x`]);
    prev = { n, e };
  }
  console.log(table(['transactions', 'results', 'engine', 'per txn', 'marginal per added txn', 'time vs 10k', 'JSON.parse (ref.)', 'engine / parse'], rows));
  console.log('\n(no transactions at all: preparing the clients and receivables and building the indexes)');
  const empty = JSON.stringify({ ...input, transactions: [] });
  const fixed: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const doc = JSON.parse(empty) as unknown;
    const t = performance.now();
    reconcileWithStats(doc);
    fixed.push(performance.now() - t);
  }
  console.log(`fixed part: ${median(fixed).toFixed(0)} ms`);
}

/** CPU seconds of waited-for children (Linux /proc; null elsewhere): on a shared machine wall time alone misleads. */
function childrenCpu(): number | null {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100; // cutime + cstime, in clock ticks (100/s)
  } catch {
    return null;
  }
}

function cli(input: ReconcileInput, rounds: number): void {
  console.log('\n## The command end to end: npm run --silent reconcile -- --input <file> (100,000 × 20,000 × 50,000)\n');
  const dir = mkdtempSync(join(tmpdir(), 'bench-reconcile-'));
  try {
    const file = join(dir, 'input.json');
    writeFileSync(file, JSON.stringify(input));
    const rows: (string | number)[][] = [];
    const time = (label: string, cmd: string, args: string[]) => {
      const walls: number[] = [];
      const cpus: number[] = [];
      let ok = '';
      for (let r = 0; r < rounds; r++) {
        const c = childrenCpu();
        const t = performance.now();
        const p = spawnSync(cmd, args, { maxBuffer: 1 << 30, encoding: 'utf8' });
        walls.push(performance.now() - t);
        const c2 = childrenCpu();
        if (c !== null && c2 !== null) cpus.push((c2 - c) * 1000);
        if (p.status !== 0) throw new Error(`${label} exited ${p.status}: ${p.stderr}`);
        const out = JSON.parse(p.stdout) as { results: unknown[] };
        ok = `${out.results.length.toLocaleString('en-US')} results, ${(p.stdout.length / 1e6).toFixed(0)} MB`;
      }
      rows.push([label, `${median(walls).toFixed(0)} ms`, `${Math.min(...walls).toFixed(0)} ms`, `${Math.max(...walls).toFixed(0)} ms`, cpus.length ? `${median(cpus).toFixed(0)} ms` : '-', ok]);
    };
    // First run builds the bundle if a source changed; not counted.
    spawnSync('npm', ['run', '--silent', 'reconcile', '--', '--input', file], { maxBuffer: 1 << 30 });
    time('npm run --silent reconcile', 'npm', ['run', '--silent', 'reconcile', '--', '--input', file]);
    time('node --initial-old-space-size=1024 scripts/reconcile.mjs', process.execPath, ['--initial-old-space-size=1024', 'scripts/reconcile.mjs', '--input', file]);
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, JSON.stringify({ transactions: [], customers: [], receivables: [], clientMappings: [] }));
    time('reference: same command, empty input', 'npm', ['run', '--silent', 'reconcile', '--', '--input', empty]);
    console.log(table(['command', 'median wall', 'min', 'max', 'median CPU (user+sys)', 'output'], rows));
    console.log('\nWall time is what the target is about; CPU time is the work itself, which a busy machine stretches into more wall time.');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string', default: '3' },
      quick: { type: 'boolean', default: false },
      'no-cli': { type: 'boolean', default: false },
      // Only the quality table (the timing sections take minutes on a busy machine).
      'quality-only': { type: 'boolean', default: false },
      imputation: { type: 'string', default: 'planned' },
      // The reconciliation through the real job, PostgreSQL, Redis and the Advbox sandbox (bench/reconcile-flow.ts).
      flow: { type: 'boolean', default: false },
      'flow-only': { type: 'boolean', default: false },
      'flow-clients': { type: 'string', default: '20000' },
      'flow-rows': { type: 'string', default: '100000' },
    },
  });
  if (values.imputation !== 'planned' && values.imputation !== 'civil_code') throw new Error('--imputation must be planned or civil_code');
  imputation = values.imputation;
  const seeds = Number(values.seeds);
  if (!Number.isInteger(seeds) || seeds < 1) throw new Error('--seeds must be a positive integer');
  console.log(`# bench:reconcile — ${new Date().toISOString()}, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  if (!values['flow-only']) {
    quality(values.quick ? 1 : seeds);
    if (values['quality-only']) return;
    const { input } = scaleInput();
    scaling(input, values.quick ? 1 : 3);
    if (!values['no-cli']) cli(input, values.quick ? 1 : 3);
  }
  if (values.flow || values['flow-only']) {
    // Loaded only here: the engine figures need no database.
    const { runFlowBench } = await import('./reconcile-flow');
    await runFlowBench({ clients: Number(values['flow-clients']), rows: Number(values['flow-rows']) });
  }
  console.log(`\nload average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
