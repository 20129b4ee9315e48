import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./', import.meta.url)) } },
  test: {
    include: ['**/*.test.ts', '**/*.integration-test.ts'],
    exclude: ['node_modules/**', '.next/**', '.next-*/**', 'tools/**', '.data/**'],
    globalSetup: ['./test/global-setup.ts'],
    setupFiles: ['./test/setup-env.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Integration files share one database per run; each file isolates its
    // own data by creating its own tenants.
    fileParallelism: true,
    pool: 'forks',
  },
});
