import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// Core tests run real Go processes and a real SQLite file: generous timeouts, and at most two
// files at a time on a 2-core machine so that timing-sensitive runs are not starved.
export default defineConfig({
  resolve: {
    alias: {
      // Requiring the real package from Node would try to locate (and download) the Electron binary.
      electron: resolve(__dirname, 'test/stubs/electron.ts'),
    },
  },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 180_000,
    setupFiles: ['test/support/machine-lock-per-worker.ts'],
    pool: 'forks',
    maxWorkers: 2,
  },
});
