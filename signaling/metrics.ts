import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { WorkerPool } from '../sfu';
import { ROLES, capabilitiesOf, type Role } from './protocol';
import type { SessionRegistry } from './SessionRegistry';

const VISIBLE_ROLES: ReadonlySet<string> = new Set(
  ROLES.filter((role) => capabilitiesOf(role).has('visible')),
);

/**
 * Prometheus metrics for the people who run the server: open lessons,
 * connected participants by role, mediasoup worker deaths and request
 * outcomes. Hidden roles (inspector, coordinator) appear in none of them, so a
 * scrape taken with and without an inspector in a lesson is the same (issue 8,
 * row 3). Served with the METRICS_TOKEN bearer credential, or without one on a
 * separate loopback-only port: a same-host reverse proxy makes every request
 * look like loopback, so the client address proves nothing.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly #requests: Counter<'request' | 'outcome'>;

  readonly #tokenDigest: Buffer | null;

  constructor(sessions: SessionRegistry, pool: WorkerPool, token?: string) {
    this.#tokenDigest = token ? digest(token) : null;
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
        for (const role of VISIBLE_ROLES) this.set({ role }, 0);
        for (const [role, count] of await sessions.participantsByRole())
          if (VISIBLE_ROLES.has(role)) this.set({ role }, count);
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

  /** Requests of hidden participants are not counted: their count would reveal them. */
  countRequest(request: string, outcome: string, role: Role): void {
    if (VISIBLE_ROLES.has(role)) this.#requests.inc({ request, outcome });
  }

  /** GET /metrics on the public port: only with the scraper's bearer credential. */
  handle = (req: Request, res: Response): void => {
    const header = req.get('authorization') ?? '';
    const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    // Digests have one length, so the comparison takes the same time whatever was sent.
    if (!this.#tokenDigest || !timingSafeEqual(digest(given), this.#tokenDigest)) {
      res.status(this.#tokenDigest ? 401 : 403).json({
        error: {
          code: this.#tokenDigest ? 'unauthenticated' : 'forbidden',
          message: 'metrics need the scraper credential',
        },
      });
      return;
    }
    this.serve(res);
  };

  /** Writes the scrape; the loopback-only metrics port calls this directly. */
  serve(res: Response): void {
    this.registry.metrics().then(
      (text) => void res.type(this.registry.contentType).send(text),
      () => void res.status(500).end(),
    );
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
