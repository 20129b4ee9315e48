#!/usr/bin/env node
// Runs Prisma 6.19's CLI on its WebAssembly schema engine (driver adapter over
// `pg`), which works offline where Prisma 7's migrate commands would download
// a native engine. Used by `npm run db:diff` and by the migration tests.
//
//   node tools/prisma-wasm/run.mjs migrate diff --from-empty --to-schema-datamodel {schema} --script
//
// `{schema}` is replaced by a copy of prisma/schema.prisma adapted to 6.19
// (datasource url from DATABASE_URL, prisma-client-js generator).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const work = join(here, '.work');
mkdirSync(work, { recursive: true });

export function adaptSchema(source) {
  return source
    .replace(/provider\s*=\s*"prisma-client"/, 'provider = "prisma-client-js"')
    .replace(/^\s*(output|moduleFormat)\s*=.*$/gm, '')
    .replace(/(datasource\s+db\s*\{[^}]*provider\s*=\s*"postgresql")/, '$1\n  url = env("DATABASE_URL")');
}

const schemaPath = join(work, 'schema.prisma');
writeFileSync(schemaPath, adaptSchema(readFileSync(join(root, 'prisma/schema.prisma'), 'utf8')));
writeFileSync(
  join(work, 'prisma.config.mjs'),
  `import { PrismaPg } from '@prisma/adapter-pg';
export default {
  experimental: { adapter: true },
  engine: 'js',
  schema: ${JSON.stringify(schemaPath)},
  migrations: { path: ${JSON.stringify(join(root, 'prisma/migrations'))} },
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL }),
};
`,
);

const args = process.argv.slice(2).map((a) => (a === '{schema}' ? schemaPath : a));
const cli = join(here, 'node_modules/prisma/build/index.js');
const res = spawnSync(process.execPath, [cli, ...args, '--config', join(work, 'prisma.config.mjs')], {
  stdio: 'inherit',
  cwd: work,
  env: {
    DATABASE_URL: 'postgresql://unused@127.0.0.1:1/unused',
    ...process.env,
    // Neither engine is used with engine "js"; pointing the CLI at an existing
    // file stops it from trying to download them.
    PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
    PRISMA_QUERY_ENGINE_LIBRARY: process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  },
});
process.exit(res.status ?? 1);
