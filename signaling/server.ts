import { existsSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import { join } from 'node:path';
import express from 'express';
import helmet from 'helmet';
import { Server as SocketIoServer } from 'socket.io';
import {
  createFamilyRouter,
  createEntRouter,
  createPlanningRouter,
  restOpenApi,
  type PlanningStore,
} from '../lesson-plans';
import { WorkerPool } from '../sfu';
import { ApiTokenIssuer, SessionTokenIssuer, loadTokenSecret } from './auth';
import { EntSignIn, entSignInRoutes, loadEntConfig } from './auth/ent';
import type { ServerConfig } from './config';
import type { Logger } from './logger';
import { createPlanningAuthenticator } from './planning/authenticate';
import { lessonAdmission } from './planning/admission';
import { classroomRoutes } from './planning/classroomRoutes';
import { credentialRoutes } from './planning/credentialRoutes';
import { joinLinkIssuer } from './planning/joinLinks';
import { LessonRecorder } from './planning/LessonRecorder';
import { LineReadinessNotifier } from './planning/LineReadinessNotifier';
import { createHttpsRedirectServer, createWebServer, listen } from './httpServer';
import type { LessonSession } from './LessonSession';
import { SessionRegistry } from './SessionRegistry';
import { attachSignaling, type SignalingServer } from './socketServer';
import { ServerMetrics } from './metrics';
import { CheckGate, CheckTokenIssuer } from './probe';
import { turnRelayFromConfig } from './turnCredentials';

/**
 * Only this origin's scripts. Pictures and audio are lesson materials, fetched with the
 * viewer's own credential and shown through blob: URLs; no external address is ever
 * loaded, so no outside server learns who watches (issue 8, row 5).
 */
const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  connectSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  mediaSrc: ["'self'", 'blob:'],
  styleSrc: ["'self'", "'unsafe-inline'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
};

const NO_ENT = { error: { code: 'not_found', message: 'no ENT sign-in configured' } };

export interface PasserelleServerOptions {
  config: ServerConfig;
  logger: Logger;
  /** Folder of the built web app (vite build); not served when absent. */
  webRoot?: string;
  /** The timetable and lesson plans; without it only ad-hoc lessons (tokens from the CLI) run. */
  planning?: PlanningStore;
  idleSessionTimeoutMs?: number;
  /** The clock for timetable decisions (which lesson is next); tests move it. */
  now?: () => Date;
}

export interface RunningServer {
  url: string;
  port: number;
  tokens: SessionTokenIssuer;
  apiTokens: ApiTokenIssuer;
  /** Mints readiness-check tokens (probing only). */
  checkTokens: CheckTokenIssuer;
  registry: SessionRegistry;
  pool: WorkerPool;
  io: SignalingServer;
  /** The loopback-only metrics port, when METRICS_PORT is set. */
  metricsPort?: number;
  /** The HTTP port redirecting to HTTPS, when HTTP_REDIRECT_PORT is set. */
  redirectPort?: number;
  /** The sign-in page, when ENT_CONFIG names the town's ENT. */
  signInUrl?: string;
  close(): Promise<void>;
}

interface Services {
  tokens: SessionTokenIssuer;
  apiTokens: ApiTokenIssuer;
  checkTokens: CheckTokenIssuer;
  registry: SessionRegistry;
  /** Known once the server listens (the port may be chosen by the system). */
  baseUrl: () => string;
  /** ENT sign-in, when ENT_CONFIG is set. */
  ent?: EntSignIn;
}

/** Express for HTTP, socket.io for signalling and a mediasoup worker pool, on one port. */
export async function startPasserelleServer(
  options: PasserelleServerOptions,
): Promise<RunningServer> {
  const { config, logger } = options;
  const secret = loadTokenSecret(
    config.PASSERELLE_TOKEN_SECRET,
    join(config.PASSERELLE_STATE_DIR, 'token-secret'),
  );
  const tokens = new SessionTokenIssuer(secret);
  const apiTokens = new ApiTokenIssuer(secret);
  const checkTokens = new CheckTokenIssuer(secret);
  const pool = await WorkerPool.create({
    numWorkers: config.MEDIASOUP_NUM_WORKERS,
    peersPerRouter: config.MEDIASOUP_PEERS_PER_ROUTER,
    activeSpeakerIntervalMs: config.ACTIVE_SPEAKER_INTERVAL_MS,
    listen: { ip: config.RTC_LISTEN_IP, announcedIp: config.RTC_ANNOUNCED_IP },
    webRtcServerPort: config.RTC_PORT || undefined,
    rtcMinPort: config.RTC_MIN_PORT,
    rtcMaxPort: config.RTC_MAX_PORT,
  });
  pool.on('workerDied', (index, error) =>
    logger.error({ err: error, worker: index }, 'mediasoup worker died'),
  );
  const relay = turnRelayFromConfig(config);
  if (relay) logger.info({ turnUrls: relay.urls }, 'TURN relay configured');
  else logger.warn('TURN relay not configured: schools that block UDP cannot join');
  const registry = new SessionRegistry({
    pool,
    relay,
    idleTimeoutMs: options.idleSessionTimeoutMs,
  });
  registry.on('sessionOpened', (session) => logMediaRecovery(session, logger));
  let url = config.PUBLIC_URL ?? '';
  const services: Services = { tokens, apiTokens, checkTokens, registry, baseUrl: () => url };
  services.ent = entSignIn(options, services);
  const recorder = options.planning
    ? await startRecorder(options.planning, registry, logger, config.ATTENDANCE_HEARTBEAT_MS)
    : undefined;
  if (options.planning) new LineReadinessNotifier(options.planning, registry, logger);

  const metrics = new ServerMetrics(registry, pool, config.METRICS_TOKEN);
  const { server: http, scheme } = createWebServer(
    createHttpApp(options, services, metrics),
    config,
  );
  const io: SignalingServer = new SocketIoServer(http, {
    serveClient: false,
    maxHttpBufferSize: 1e6,
  });
  attachSignaling(io, {
    tokens,
    registry,
    logger,
    onRequest: (request, outcome, role) => metrics.countRequest(request, outcome, role),
    admitLink: options.planning && lessonAdmission(options.planning),
    checks: {
      tokens: checkTokens,
      services: { pool, relay, gate: checkGate(options.planning), config },
    },
    onCheckRequest: (request, outcome) => metrics.countRequest(request, outcome, 'classroom'),
  });

  const port = await listen(http, config.PORT, config.HOST);
  url ||= `${scheme}://localhost:${port}`;
  const redirectHttp =
    config.HTTP_REDIRECT_PORT === undefined
      ? null
      : createHttpsRedirectServer(port, config.PUBLIC_URL);
  const redirectPort =
    redirectHttp && (await listen(redirectHttp, config.HTTP_REDIRECT_PORT ?? 0, config.HOST));
  const metricsHttp = config.METRICS_PORT === undefined ? null : createMetricsServer(metrics);
  const metricsPort =
    metricsHttp && (await listen(metricsHttp, config.METRICS_PORT ?? 0, '127.0.0.1'));
  return {
    url,
    port,
    tokens,
    apiTokens,
    checkTokens,
    registry,
    pool,
    io,
    metricsPort: metricsPort ?? undefined,
    redirectPort: redirectPort ?? undefined,
    signInUrl: services.ent && `${url}/connexion`,
    async close() {
      metricsHttp?.close();
      metricsHttp?.closeAllConnections();
      redirectHttp?.close();
      redirectHttp?.closeAllConnections();
      await io.close();
      await recorder?.close();
      await registry.close();
      await pool.close();
      http.closeAllConnections();
    },
  };
}

/** The town's ENT file is read and checked at start: a mistake stops the server, clearly. */
function entSignIn(options: PasserelleServerOptions, services: Services): EntSignIn | undefined {
  const path = options.config.ENT_CONFIG;
  if (path === undefined) return undefined;
  if (!options.planning) throw new Error('ENT_CONFIG needs the planning store (its directory)');
  return new EntSignIn({
    config: loadEntConfig(path),
    store: options.planning,
    apiTokens: services.apiTokens,
    baseUrl: services.baseUrl,
  });
}

function createHttpApp(
  options: PasserelleServerOptions,
  services: Services,
  metrics: ServerMetrics,
): express.Express {
  const app = express();
  app.disable('x-powered-by');
  if (options.config.TRUST_PROXY) app.set('trust proxy', options.config.TRUST_PROXY);
  app.use(helmet({ contentSecurityPolicy: { directives: CONTENT_SECURITY_POLICY } }));
  app.get('/healthz', (_req, res) => void res.json({ ok: true }));
  app.get('/metrics', metrics.handle);
  // The contract itself reveals no data, so it needs no credential.
  const openApi = restOpenApi();
  app.get('/api/openapi.json', (_req, res) => void res.json(openApi));
  if (options.planning) mountPlanning(app, options.planning, services, options);
  if (services.ent) {
    const secure = options.config.TLS_CERT_FILE !== undefined || /^https:/.test(services.baseUrl());
    app.use('/signin', entSignInRoutes({ signIn: services.ent, logger: options.logger, secure }));
  }
  // Without ENT_CONFIG, or past its routes: the sign-in page then says to use e-mailed links.
  app.use('/signin', (_req, res) => void res.status(404).json(NO_ENT));
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

function mountPlanning(
  app: express.Express,
  store: PlanningStore,
  services: Services,
  { now, logger }: { now?: () => Date; logger: Logger },
): void {
  const { tokens, apiTokens, checkTokens, baseUrl } = services;
  const issueLinks = (...args: Parameters<ReturnType<typeof joinLinkIssuer>>) =>
    joinLinkIssuer(tokens, baseUrl())(...args);
  const authenticate = createPlanningAuthenticator(store, apiTokens, tokens);
  app.use(
    '/api/planning',
    createPlanningRouter({
      store,
      authenticate,
      issueJoinLinks: issueLinks,
      issueCheckToken: (subject) => checkTokens.mint(subject),
      logger,
      now,
    }),
  );
  app.use(
    '/api/classroom',
    classroomRoutes({
      store,
      authenticate,
      sessionTokens: tokens,
      checkTokens,
      baseUrl,
      now,
      logger,
    }),
  );
  app.use(
    '/api/credentials',
    credentialRoutes({ store, apiTokens, authenticate, baseUrl, now, logger }),
  );
  // Families authenticate with their class's family key only (lesson-plans/recap).
  app.use('/api/families', createFamilyRouter({ store, logger, now: now ?? (() => new Date()) }));
  app.use('/api/ent', createEntRouter({ store, authenticate, logger }));
}

/** /metrics without a credential, bound to 127.0.0.1 only (not reachable through a proxy of PORT). */
/** The check budget, from the stored results too when there is a store (a restart keeps it). */
function checkGate(planning: PlanningStore | undefined): CheckGate {
  if (!planning) return new CheckGate();
  return new CheckGate({
    storedChecks: (classId, since) => planning.readinessCheckTimes(classId, since),
  });
}

function createMetricsServer(metrics: ServerMetrics): HttpServer {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', (_req, res) => metrics.serve(res));
  return createServer(app);
}

/** Closes what a killed previous run left open, then records this run's lessons. */
async function startRecorder(
  planning: PlanningStore,
  registry: SessionRegistry,
  logger: Logger,
  heartbeatMs: number,
): Promise<LessonRecorder> {
  const closed = await planning.closeDanglingAttendance();
  if (closed > 0) logger.warn({ rows: closed }, 'closed attendance left open by the last run');
  return new LessonRecorder(planning, registry, logger, { heartbeatMs });
}

function logMediaRecovery(session: LessonSession, logger: Logger): void {
  const log = logger.child({ sessionId: session.id });
  session.on('mediaRebuildFailed', (error, attempt, retryInMs) =>
    log.warn({ err: error, attempt, retryInMs }, 'media room not rebuilt yet; retrying'),
  );
  session.on('mediaRebuilt', (worker) => log.info({ worker }, 'media room rebuilt'));
}
