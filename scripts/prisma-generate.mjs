// `prisma generate` without network: the CLI checks for its schema-engine
// binary before running and tries to download it, although generate never
// uses it. Pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file skips
// that check; a real engine path set by the caller is kept.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const cli = require.resolve('prisma/build/index.js');
const res = spawnSync(process.execPath, [cli, 'generate', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  },
});
process.exit(res.status ?? 1);
