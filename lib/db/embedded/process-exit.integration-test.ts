// A process that started an embedded server keeps its own exit code (vitest
// sets process.exitCode on failures and lets the loop drain: `npm test` must
// not turn that into success), and a server it forgot to stop is stopped
// when it exits.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Made in beforeAll: a run whose filter skips every test here runs no hooks.
let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'concilia-pgexit-'));
  chmodSync(work, 0o755);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function runScript(body: string) {
  const script = join(work, `script-${Date.now().toString(36)}.mts`);
  writeFileSync(
    script,
    `import { startEmbeddedPostgres } from '${join(process.cwd(), 'lib/db/embedded/index.ts')}';
const e = await startEmbeddedPostgres({ baseDir: '${join(work, 'pg')}' });
console.log('port ' + e.port);
${body}\n`,
  );
  const res = spawnSync(process.execPath, [join(process.cwd(), 'node_modules/tsx/dist/cli.mjs'), script], {
    cwd: process.cwd(),
    encoding: 'utf8',
    timeout: 90_000,
  });
  return { status: res.status, output: res.stdout + res.stderr, port: Number(/port (\d+)/.exec(res.stdout)?.[1]) };
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

describe('a process that ran an embedded server', () => {
  it('keeps the exit code it set', () => {
    const run = runScript('await e.stop();\nprocess.exitCode = 3;');
    expect(run.port, run.output).toBeGreaterThan(0);
    expect(run.status, run.output).toBe(3);
  }, 120_000);

  it('stops a server it did not stop when it exits', async () => {
    const run = runScript('process.exit(0);');
    expect(run.status, run.output).toBe(0);
    const deadline = Date.now() + 10_000;
    while ((await portOpen(run.port)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await portOpen(run.port)).toBe(false);
  }, 120_000);
});
