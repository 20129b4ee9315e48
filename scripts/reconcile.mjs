// Launcher of the evaluation command (scripts/reconcile.ts). A TypeScript
// loader costs 0.5–1 s of start-up on this machine, a fifth of the
// command's budget, so the command runs as one plain-Node bundle that
// esbuild builds on first use and again whenever a source file it was built
// from changes (their mtimes are recorded beside it). The bundle lives in
// node_modules/.cache, never in the repository. The npm script starts Node
// with --initial-old-space-size=1024: a 100k-transaction run keeps ~200 MB
// alive, and V8's default first old-space limit would stop it for a full
// mark-compact (0.4-0.7 s here) that this one-shot process does not need.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = join(root, 'scripts', 'reconcile.ts');

function mtimes(files) {
  const out = {};
  for (const f of files) out[f] = statSync(join(root, f)).mtimeMs;
  return out;
}

function isFresh(bundle, meta) {
  try {
    const recorded = JSON.parse(readFileSync(meta, 'utf8'));
    statSync(bundle);
    for (const [file, mtime] of Object.entries(recorded.inputs)) if (statSync(join(root, file)).mtimeMs !== mtime) return false;
    return true;
  } catch {
    return false;
  }
}

async function build(dir, bundle, meta) {
  const { build: esbuild } = await import('esbuild');
  mkdirSync(dir, { recursive: true });
  const tmp = `${bundle}.${process.pid}.tmp`;
  const result = await esbuild({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    outfile: tmp,
    metafile: true,
    absWorkingDir: root,
    tsconfig: join(root, 'tsconfig.json'),
    logLevel: 'error',
  });
  const inputs = Object.keys(result.metafile.inputs).map((f) => relative(root, join(root, f)));
  // Rename is atomic: a concurrent run sees the old bundle or the new one, never half of one.
  renameSync(tmp, bundle);
  writeFileSync(`${meta}.${process.pid}.tmp`, JSON.stringify({ inputs: mtimes(inputs) }));
  renameSync(`${meta}.${process.pid}.tmp`, meta);
}

async function locate() {
  for (const dir of [join(root, 'node_modules', '.cache', 'concilia'), join(tmpdir(), 'concilia-reconcile')]) {
    const bundle = join(dir, 'reconcile.mjs');
    const meta = join(dir, 'reconcile.inputs.json');
    if (isFresh(bundle, meta)) return bundle;
    try {
      await build(dir, bundle, meta);
      return bundle;
    } catch (e) {
      if (e && e.errors) throw e; // a compile error: no point trying elsewhere
    }
  }
  throw new Error('cannot write the reconcile bundle');
}

try {
  const bundle = await locate();
  await import(pathToFileURL(bundle).href);
} catch (e) {
  process.stderr.write(`reconcile: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
}
