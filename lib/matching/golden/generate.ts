// npx tsx lib/matching/golden/generate.ts
//
// Writes golden.json: a small labelled book (a few hundred statement lines
// of an 800-client firm, its open receivables and mappings) in the
// evaluation command's input format, with the truth beside it. Checked in;
// golden.test.ts runs the engine on it through reconcile(), the command's
// own function, and fails when a metric falls below its target. Regenerate
// only when the generator changes on purpose, and say so in the commit.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateBook } from '@/lib/synthetic/book';
import { labelledInput } from '../labelled';

/** Not the bench's tuning configuration: other wordings, more distortion, some masked documents. */
export const GOLDEN_BOOK = {
  seed: 2026,
  customers: 800,
  anchorDate: '2026-11-30',
  openWindowDays: 60,
  distortion: 1.3,
  statementStyle: 'varied',
  debitShare: 0.3,
  strangerShare: 0.25,
  strangerHomonymShare: 0.3,
} as const;

export const GOLDEN_QUIRKS = { bareDocument: 0.4, maskedDocument: 0.05, pixKeyAsDocument: 0.05, formattedCustomerDocument: 0.5 };

export function goldenDataset() {
  const book = generateBook(GOLDEN_BOOK);
  const { input, truth } = labelledInput(book, { queueDays: GOLDEN_BOOK.openWindowDays, quirks: GOLDEN_QUIRKS });
  return { generatedBy: 'lib/matching/golden/generate.ts', book: GOLDEN_BOOK, input, truth: Object.fromEntries(truth) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = fileURLToPath(new URL('./golden.json', import.meta.url));
  const data = goldenDataset();
  writeFileSync(out, `${JSON.stringify(data)}\n`);
  console.log(`${out}: ${data.input.transactions.length} transactions, ${data.input.customers.length} customers, ${data.input.receivables.length} receivables`);
}
