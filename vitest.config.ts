import { defineConfig } from 'vitest/config';

/**
 * Tests that drive Chromium or several processes (servers, network
 * namespaces, killed children) share the machine's two cores with whatever
 * runs beside them, and Chrome adapts its media to the CPU it gets: they run
 * one file at a time, after the rest. A file is such a test when its name
 * ends in `.e2e.test.ts` (browser) or `.system.test.ts` (several processes).
 */
const SERIAL_TESTS = ['test/**/*.e2e.test.ts', 'test/**/*.system.test.ts'];

/**
 * The lesson-plans suite (every file that opens a planning store, through
 * test/helpers/planningStore.ts) runs again on PostgreSQL: the same tests, the same
 * migrations and store code, a real server started once for the run.
 */
const STORE_TESTS = ['test/lesson-plans/**/*.test.ts', 'test/signaling/LessonRecorder.test.ts'];

export default defineConfig({
  test: {
    globalSetup: ['test/globalSetup.ts'],
    pool: 'forks',
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: SERIAL_TESTS,
          // Real mediasoup worker and SQLite: setup takes a moment, but nothing asserts on time.
          testTimeout: 30_000,
          hookTimeout: 60_000,
          fileParallelism: true,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'serial',
          include: SERIAL_TESTS,
          setupFiles: ['test/helpers/serialSetup.ts'],
          // Each test's budget is a fraction of this (see serialSetup.ts); a condition that
          // never comes true fails first, with its own message, through waitFor's deadline.
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'postgres',
          include: STORE_TESTS,
          exclude: SERIAL_TESTS,
          globalSetup: ['test/helpers/postgresSetup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // After the browser tests, never beside them: PostgreSQL takes a core of its own.
          fileParallelism: true,
          maxWorkers: 2,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
