import type { WorkerPool } from '../../sfu';

/**
 * The mean CPU of a pool's workers between two calls, in percent of one core, from each
 * worker's rusage (user + system time, milliseconds). A replaced worker restarts its count:
 * a negative step is read as zero.
 */
export class WorkerCpu {
  #lastAt = Date.now();
  #lastUsedMs = new Map<number, number>();

  constructor(private readonly pool: WorkerPool) {}

  async sample(): Promise<number> {
    const now = Date.now();
    const elapsedMs = Math.max(1, now - this.#lastAt);
    this.#lastAt = now;
    let sum = 0;
    const workers = this.pool.workers();
    for (const { index, worker } of workers) {
      const usage = await worker.getResourceUsage().catch(() => undefined);
      if (!usage) continue;
      const used = usage.ru_utime + usage.ru_stime;
      const before = this.#lastUsedMs.get(index) ?? used;
      this.#lastUsedMs.set(index, used);
      sum += Math.max(0, used - before);
    }
    return Math.round((100 * sum) / elapsedMs / Math.max(1, workers.length));
  }
}
