import { afterEach, beforeEach } from 'vitest';
import { saveFailureArtifacts } from './artifacts';

/**
 * Every browser or multi-process test should finish well inside this; the
 * test timeout (vitest.config.ts) is far above it. Going over is reported,
 * never failed on: tests do not depend on timing, but a test that creeps
 * towards its timeout is the next flaky one.
 */
export const SERIAL_TEST_BUDGET_MS = 30_000;

const startedAt = new WeakMap<object, number>();

beforeEach(({ task, onTestFailed }) => {
  startedAt.set(task, performance.now());
  onTestFailed(async () => {
    const folder = await saveFailureArtifacts(task.file.filepath, task.name).catch(
      (error: unknown) => `(could not save: ${String(error)})`,
    );
    process.stderr.write(`\nartifacts of the failed test "${task.name}": ${folder}\n`);
  });
});

afterEach(({ task }) => {
  const started = startedAt.get(task);
  if (started === undefined) return;
  const elapsedMs = performance.now() - started;
  if (elapsedMs > SERIAL_TEST_BUDGET_MS && task.result?.state !== 'fail') {
    process.stderr.write(
      `\nover budget: "${task.name}" took ${Math.round(elapsedMs)} ms (budget ${SERIAL_TEST_BUDGET_MS} ms)\n`,
    );
  }
});
