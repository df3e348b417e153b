import { defineConfig } from 'vitest/config';

// Tests run the real mediasoup worker, real SQLite and real Chromium; none of
// them asserts on wall-clock timing, but setup (worker spawn, browser launch)
// needs generous timeouts on a 2-core machine.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    globalSetup: ['test/globalSetup.ts'],
  },
});
