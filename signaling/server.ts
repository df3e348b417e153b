import { existsSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express, { type Router } from 'express';
import { Server as SocketIoServer } from 'socket.io';
import { WorkerPool } from '../sfu';
import { SessionTokenIssuer, loadTokenSecret } from './auth';
import type { ServerConfig } from './config';
import type { Logger } from './logger';
import { SessionRegistry } from './SessionRegistry';
import { attachSignaling, type SignalingServer } from './socketServer';

export interface PasserelleServerOptions {
  config: ServerConfig;
  logger: Logger;
  /** Folder of the built web app (vite build); not served when absent. */
  webRoot?: string;
  /** Extra API routers mounted under /api, e.g. the planning API. */
  apiRouters?: Record<string, Router>;
  idleSessionTimeoutMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  tokens: SessionTokenIssuer;
  registry: SessionRegistry;
  pool: WorkerPool;
  io: SignalingServer;
  close(): Promise<void>;
}

/** Express for HTTP, socket.io for signalling and a mediasoup worker pool, on one port. */
export async function startPasserelleServer(
  options: PasserelleServerOptions,
): Promise<RunningServer> {
  const { config, logger } = options;
  const tokens = new SessionTokenIssuer(
    loadTokenSecret(
      config.PASSERELLE_TOKEN_SECRET,
      join(config.PASSERELLE_STATE_DIR, 'token-secret'),
    ),
  );
  const pool = await WorkerPool.create({
    numWorkers: config.MEDIASOUP_NUM_WORKERS,
    listen: { ip: config.RTC_LISTEN_IP, announcedIp: config.RTC_ANNOUNCED_IP },
    webRtcServerPort: config.RTC_PORT || undefined,
    rtcMinPort: config.RTC_MIN_PORT,
    rtcMaxPort: config.RTC_MAX_PORT,
  });
  pool.on('workerDied', (index, error) =>
    logger.error({ err: error, worker: index }, 'mediasoup worker died'),
  );
  const registry = new SessionRegistry({ pool, idleTimeoutMs: options.idleSessionTimeoutMs });

  const app = createHttpApp(options);
  const http = createServer(app);
  const io: SignalingServer = new SocketIoServer(http, {
    serveClient: false,
    maxHttpBufferSize: 1e6,
  });
  attachSignaling(io, { tokens, registry, logger });

  const port = await listen(http, config.PORT, config.HOST);
  const url = config.PUBLIC_URL ?? `http://localhost:${port}`;
  return {
    url,
    port,
    tokens,
    registry,
    pool,
    io,
    async close() {
      await io.close();
      await registry.close();
      await pool.close();
      http.closeAllConnections();
    },
  };
}

function createHttpApp(options: PasserelleServerOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => void res.json({ ok: true }));
  for (const [path, router] of Object.entries(options.apiRouters ?? {}))
    app.use(`/api/${path}`, router);
  app.use(
    '/api',
    (_req, res) =>
      void res.status(404).json({ error: { code: 'not_found', message: 'no such API' } }),
  );
  const webRoot = options.webRoot;
  if (webRoot && existsSync(join(webRoot, 'index.html'))) {
    app.use(express.static(webRoot, { index: false, maxAge: '1h' }));
    // The web app routes on the client: every other GET gets its shell.
    app.get(/.*/, (_req, res) => res.sendFile(join(webRoot, 'index.html')));
  }
  return app;
}

function listen(http: HttpServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => resolve((http.address() as AddressInfo).port));
  });
}
