// Runs the offline Prisma CLI (tools/prisma-wasm) against a database.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export function prismaWasm(args: string[], databaseUrl: string): { status: number; stdout: string; stderr: string } {
  const res = spawnSync(process.execPath, [join(process.cwd(), 'tools/prisma-wasm/run.mjs'), ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: res.status ?? 1, stdout: res.stdout, stderr: res.stderr };
}
