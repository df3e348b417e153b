import type { Request, Response } from 'express';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { WorkerPool } from '../sfu';
import type { SessionRegistry } from './SessionRegistry';

/**
 * Prometheus metrics for the people who run the server: open lessons,
 * connected participants by role, mediasoup worker deaths and request
 * outcomes. Served on /metrics to loopback only (scrape locally or through a
 * reverse proxy); nothing here is ever shown to a lesson's participants.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly #requests: Counter<'request' | 'outcome'>;

  constructor(sessions: SessionRegistry, pool: WorkerPool) {
    collectDefaultMetrics({ register: this.registry, prefix: 'passerelle_' });
    new Gauge({
      name: 'passerelle_lessons_open',
      help: 'Lessons with a live media room',
      registers: [this.registry],
      collect() {
        this.set(sessions.count);
      },
    });
    new Gauge({
      name: 'passerelle_participants',
      help: 'Connected participants by role',
      labelNames: ['role'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const [role, count] of await sessions.participantsByRole()) this.set({ role }, count);
      },
    });
    const deaths = new Counter({
      name: 'passerelle_worker_deaths_total',
      help: 'mediasoup workers that died',
      registers: [this.registry],
    });
    pool.on('workerDied', () => deaths.inc());
    this.#requests = new Counter({
      name: 'passerelle_requests_total',
      help: 'Signalling requests by name and outcome (ok or error code)',
      labelNames: ['request', 'outcome'],
      registers: [this.registry],
    });
  }

  countRequest(request: string, outcome: string): void {
    this.#requests.inc({ request, outcome });
  }

  /** Express handler for GET /metrics, refusing anything but loopback. */
  handle = (req: Request, res: Response): void => {
    const address = req.socket.remoteAddress ?? '';
    if (!['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(address)) {
      res
        .status(403)
        .json({ error: { code: 'forbidden', message: 'metrics are served to loopback only' } });
      return;
    }
    this.registry.metrics().then(
      (text) => void res.type(this.registry.contentType).send(text),
      () => void res.status(500).end(),
    );
  };
}
