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
import { WorkerPool, udpReceiveBufferAdvice } from '../sfu';
import { ApiTokenIssuer, SessionTokenIssuer, loadTokenSecret } from './auth';
import { EntSignIn, entSignInRoutes, loadEntConfig, type EntSharedState } from './auth/ent';
import type { ServerConfig } from './config';
import type { Logger } from './logger';
import { createPlanningAuthenticator } from './planning/authenticate';
import { lessonAdmission } from './planning/admission';
import { classroomRoutes } from './planning/classroomRoutes';
import { credentialRoutes } from './planning/credentialRoutes';
import { joinLinkIssuer } from './planning/joinLinks';
import { BoardSnapshots } from './board/BoardSnapshots';
import { LessonRecorder, danglingBefore } from './planning/LessonRecorder';
import { LineReadinessNotifier } from './planning/LineReadinessNotifier';
import { PupilsInLessons, pupilRoutes } from './planning/pupilLinks';
import { createHttpsRedirectServer, createWebServer, listen } from './httpServer';
import type { LessonSession } from './LessonSession';
import { SessionRegistry } from './SessionRegistry';
import { attachSignaling, reconnectElsewhere, type SignalingServer } from './socketServer';
import { ServerMetrics } from './metrics';
import { CheckGate, CheckTokenIssuer } from './probe';
import {
  CLUSTER_SOCKET_PING,
  joinCluster,
  redisCheckLedger,
  redisEntState,
  type ClusterMembership,
} from './cluster';
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
  const receiveBufferAdvice = udpReceiveBufferAdvice();
  if (receiveBufferAdvice) logger.warn(receiveBufferAdvice);
  pool.on('workerDied', (index, error) =>
    logger.error({ err: error, worker: index }, 'mediasoup worker died'),
  );
  const relay = turnRelayFromConfig(config);
  if (relay) logger.info({ turnUrls: relay.urls }, 'TURN relay configured');
  else logger.warn('TURN relay not configured: schools that block UDP cannot join');
  const snapshots =
    options.planning &&
    new BoardSnapshots(options.planning, logger, { intervalMs: config.BOARD_SNAPSHOT_MS });
  const registry = new SessionRegistry({
    pool,
    relay,
    idleTimeoutMs: options.idleSessionTimeoutMs,
    restore: snapshots?.restore,
  });
  snapshots?.watch(registry);
  registry.on('sessionOpened', (session) => logMediaRecovery(session, logger));
  // The socket server comes after the cluster (it needs its placement): reached through this.
  const signaling: { io?: SignalingServer } = {};
  const cluster = await joinCluster(config, {
    pool,
    registry,
    logger,
    onLessonLost: (sessionId) => signaling.io && reconnectElsewhere(signaling.io, sessionId),
  });
  let url = config.PUBLIC_URL ?? '';
  const services: Services = { tokens, apiTokens, checkTokens, registry, baseUrl: () => url };
  services.ent = entSignIn(options, services, cluster && redisEntState(cluster.redis));
  const recorder = options.planning
    ? await startRecorder(options.planning, registry, logger, {
        heartbeatMs: config.ATTENDANCE_HEARTBEAT_MS,
        shared: cluster !== undefined,
      })
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
    ...(cluster ? CLUSTER_SOCKET_PING : {}),
  });
  signaling.io = io;
  attachSignaling(io, {
    tokens,
    registry,
    logger,
    onRequest: (request, outcome, role) => metrics.countRequest(request, outcome, role),
    admitLink: options.planning && lessonAdmission(options.planning, options.now),
    checks: {
      tokens: checkTokens,
      services: { pool, relay, gate: checkGate(options.planning, cluster), config },
    },
    onCheckRequest: (request, outcome) => metrics.countRequest(request, outcome, 'classroom'),
    placeLesson: cluster && ((sessionId) => cluster.node.place(sessionId)),
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
      // Withdrawn first: the clients reconnecting from here are placed on another node.
      await cluster?.leave();
      await io.close();
      await recorder?.close();
      await snapshots?.close();
      await registry.close();
      await pool.close();
      http.closeAllConnections();
    },
  };
}

/** The town's ENT file is read and checked at start: a mistake stops the server, clearly. */
function entSignIn(
  options: PasserelleServerOptions,
  services: Services,
  sharedState: EntSharedState | undefined,
): EntSignIn | undefined {
  const path = options.config.ENT_CONFIG;
  if (path === undefined) return undefined;
  if (!options.planning) throw new Error('ENT_CONFIG needs the planning store (its directory)');
  return new EntSignIn({
    config: loadEntConfig(path),
    store: options.planning,
    apiTokens: services.apiTokens,
    baseUrl: services.baseUrl,
    sharedState,
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
  const connectSrc = [...CONTENT_SECURITY_POLICY.connectSrc, ...clusterConnectSources(options)];
  const directives = { ...CONTENT_SECURITY_POLICY, connectSrc };
  app.use(helmet({ contentSecurityPolicy: { directives } }));
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
    // Vite names every asset after its content: a whiteboard opening the lesson each morning
    // reads them from its cache without asking again (issue 14). A missing one is a 404, not the
    // shell.
    const assets = { index: false, immutable: true, maxAge: '365d', fallthrough: false } as const;
    app.use('/assets', express.static(join(webRoot, 'assets'), assets));
    app.use(express.static(webRoot, { index: false, maxAge: '1h' }));
    // The web app routes on the client: every other GET gets its shell.
    app.get(/.*/, (_req, res) => res.sendFile(join(webRoot, 'index.html')));
  }
  return app;
}

/**
 * With one host name per node the page opens its socket on another node's origin: allowed
 * there, for its WebSocket scheme too (Chromium does not take an http source for ws).
 */
function clusterConnectSources(options: PasserelleServerOptions): string[] {
  return (options.config.CLUSTER_ORIGINS ?? []).flatMap((origin) => [
    origin,
    origin.replace(/^http/, 'ws'),
  ]);
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
  const pupils = new PupilsInLessons(services.registry);
  app.use(
    '/api/planning',
    createPlanningRouter({
      store,
      authenticate,
      issueJoinLinks: issueLinks,
      issueCheckToken: (subject) => checkTokens.mint(subject),
      logger,
      now,
      onPupilLinkRevoked: (link) => pupils.revoked(link),
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
  // A pupil key reaches this one route: its exchange for its lesson's token (lesson-plans/pupils).
  const clock = now ?? (() => new Date());
  app.use('/api/pupil', pupilRoutes({ store, tokens, logger, now: clock, presence: pupils }));
  // Names of pupils whose links ended (or were revoked) over a week ago are not kept.
  void store.purgePupilLinks().catch((error: unknown) => logger.error({ err: error }, 'purge'));
}

/** /metrics without a credential, bound to 127.0.0.1 only (not reachable through a proxy of PORT). */
/**
 * The check budget, from the stored results too when there is a store (a restart keeps it),
 * kept in Redis when several nodes serve the checks.
 */
function checkGate(
  planning: PlanningStore | undefined,
  cluster: ClusterMembership | undefined,
): CheckGate {
  const ledger = cluster && redisCheckLedger(cluster.redis);
  if (!planning) return new CheckGate({ ledger });
  return new CheckGate({
    storedChecks: (classId, since) => planning.readinessCheckTimes(classId, since),
    ledger,
  });
}

function createMetricsServer(metrics: ServerMetrics): HttpServer {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', (_req, res) => metrics.serve(res));
  return createServer(app);
}

/**
 * Closes what a killed process left open, then records this run's lessons. One node: all of
 * it (the last run is gone). In a cluster the other nodes' rows are open too: only rows no
 * heartbeat moved for DANGLING_AFTER_HEARTBEATS beats, and a lesson's leftovers when a node
 * takes it over (LessonRecorder `shared`).
 */
async function startRecorder(
  planning: PlanningStore,
  registry: SessionRegistry,
  logger: Logger,
  options: { heartbeatMs: number; shared: boolean },
): Promise<LessonRecorder> {
  const seenBefore = danglingBefore(options.heartbeatMs);
  const closed = await planning.closeDanglingAttendance(options.shared ? { seenBefore } : {});
  if (closed > 0) logger.warn({ rows: closed }, 'closed attendance left open by the last run');
  return new LessonRecorder(planning, registry, logger, options);
}

function logMediaRecovery(session: LessonSession, logger: Logger): void {
  const log = logger.child({ sessionId: session.id });
  session.on('mediaRebuildFailed', (error, attempt, retryInMs) =>
    log.warn({ err: error, attempt, retryInMs }, 'media room not rebuilt yet; retrying'),
  );
  session.on('mediaRebuilt', (worker) => log.info({ worker }, 'media room rebuilt'));
}
