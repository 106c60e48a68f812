import { defineConfig } from 'vitest/config';

/** `pnpm test:rathena` (scripts/test-rathena.sh): the end-to-end suite on a real rAthena server, alone. */
export default defineConfig({
  test: {
    root: new URL('../../..', import.meta.url).pathname,
    include: ['apps/bridge-rathena/e2e/**/*.e2e.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
