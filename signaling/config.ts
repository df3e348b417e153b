import { cpus } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_ACTIVE_SPEAKER_INTERVAL_MS, DEFAULT_PEERS_PER_ROUTER } from '../sfu';

const port = z.coerce.number().int().min(0).max(65535);

/** A TURN server address as browsers take it: `turn:` or `turns:` host[:port][?transport=udp|tcp]. */
const turnUrl = z
  .string()
  .regex(
    /^turns?:(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?(\?transport=(udp|tcp))?$/,
    'a turn: or turns: URL, e.g. turns:turn.example.org:443?transport=tcp',
  );

/** Comma-separated TURN URLs (what an operator can write in one environment variable). */
const turnUrls = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((url) => url.trim())
      .filter((url) => url !== ''),
  )
  .pipe(z.array(turnUrl).min(1));

/**
 * Server configuration from the environment. Every setting has a default
 * so `npm start` works on a fresh clone; production overrides with env vars
 * (see README "Configuration").
 */
const serverSettingsSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.url().optional(),
  PASSERELLE_STATE_DIR: z.string().default(join(process.cwd(), '.passerelle')),
  /** PostgreSQL instead of the SQLite file in the state folder (several nodes share it). */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL, e.g. postgres://passerelle@db.lan/passerelle')
    .optional(),
  PASSERELLE_TOKEN_SECRET: z.string().min(32).optional(),
  PASSERELLE_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(12 * 60 * 60),
  MEDIASOUP_NUM_WORKERS: z.coerce.number().int().min(1).max(64).default(cpus().length),
  /** Peers of one lesson per router before it spreads to another worker (a school assembly). */
  MEDIASOUP_PEERS_PER_ROUTER: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(DEFAULT_PEERS_PER_ROUTER),
  /** How often a lesson's active speaker is decided, ms; 0 turns the observer off. */
  ACTIVE_SPEAKER_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(10_000)
    .default(DEFAULT_ACTIVE_SPEAKER_INTERVAL_MS),
  RTC_LISTEN_IP: z.string().default('127.0.0.1'),
  RTC_ANNOUNCED_IP: z.string().optional(),
  /** First WebRtcServer port (UDP and TCP); worker i uses RTC_PORT + i. */
  RTC_PORT: port.default(44444),
  RTC_MIN_PORT: port.default(40000),
  RTC_MAX_PORT: port.default(49999),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO: z.enum(['0', '1']).default('1'),
  /** How often attendance and quality are written for everyone present (LessonRecorder). */
  ATTENDANCE_HEARTBEAT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** How often a planned lesson's changed board is written to the store (BoardSnapshots). */
  BOARD_SNAPSHOT_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
  /** Bearer credential of the metrics scraper; without it /metrics is refused on PORT. */
  METRICS_TOKEN: z.string().min(32).optional(),
  /** A loopback-only port serving /metrics without a credential (127.0.0.1); off when unset. */
  METRICS_PORT: port.optional(),
  /** PEM certificate (chain) and key: with both, PORT serves HTTPS (see httpServer.ts). */
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),
  /** With TLS, a plain HTTP port answering every request with a 308 to the https address. */
  HTTP_REDIRECT_PORT: port.optional(),
  /**
   * Express's `trust proxy` (e.g. `loopback`) behind a reverse proxy: the scheme and host
   * of the links the API answers with (calendar feeds) then come from X-Forwarded-*.
   */
  TRUST_PROXY: z.string().min(1).optional(),
  /** coturn's `static-auth-secret`: signs the relay credentials minted per join (turnCredentials.ts). */
  TURN_SECRET: z.string().min(32).optional(),
  /** The relay's addresses sent to the browsers, e.g. `turns:turn.example.org:443?transport=tcp`. */
  TURN_URLS: turnUrls.optional(),
  /** A town's ENT sign-in file (JSON, deploy/ent.example.json); no ENT sign-in when unset. */
  ENT_CONFIG: z.string().min(1).optional(),
  /** Lifetime of a relay credential: longer than a lesson, since coturn checks it at every refresh. */
  TURN_CREDENTIAL_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(3 * 60 * 60),
  /** Several nodes (signaling/cluster): the Redis they share. Absent: one node, no Redis. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL, e.g. redis://redis.lan:6379/0')
    .optional(),
  /** This node's name in the cluster (letters, digits, . _ -): the proxy routes `?node=` on it. */
  NODE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dot, underscore or dash (64 at most)')
    .optional(),
  /**
   * This node's own public URL, when each node has its own host name: a misdirected join is
   * sent there. Unset behind one public host name: it is sent to `?node=NODE_ID` instead.
   */
  NODE_PUBLIC_URL: z.url().optional(),
  /**
   * With one host name per node: the nodes' origins (comma-separated, `https://*.visio.example.org`
   * allowed), which the pages may open their socket to (Content-Security-Policy connect-src).
   */
  CLUSTER_ORIGINS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter((origin) => origin !== ''),
    )
    .pipe(z.array(z.string().regex(/^https?:\/\/[A-Za-z0-9.*-]+(:\d{1,5})?$/)).min(1))
    .optional(),
  /** How often a node renews its presence and its lessons; they expire after three missed. */
  CLUSTER_HEARTBEAT_MS: z.coerce.number().int().min(100).max(10_000).default(1_000),
});

/**
 * Settings that only make sense in pairs: a certificate without its key (or the reverse)
 * is a typo, not a wish for plain HTTP; the relay needs both its secret and its addresses.
 */
const configSchema = serverSettingsSchema.superRefine((config, context) => {
  if ((config.TLS_CERT_FILE === undefined) !== (config.TLS_KEY_FILE === undefined)) {
    const missing = config.TLS_CERT_FILE === undefined ? 'TLS_CERT_FILE' : 'TLS_KEY_FILE';
    context.addIssue({
      code: 'custom',
      path: [missing],
      message: 'TLS_CERT_FILE and TLS_KEY_FILE go together: set both (HTTPS) or neither (HTTP)',
    });
  }
  if (config.HTTP_REDIRECT_PORT !== undefined && config.TLS_CERT_FILE === undefined) {
    context.addIssue({
      code: 'custom',
      path: ['HTTP_REDIRECT_PORT'],
      message: 'HTTP_REDIRECT_PORT redirects to HTTPS: it needs TLS_CERT_FILE and TLS_KEY_FILE',
    });
  }
  if (config.REDIS_URL !== undefined && config.NODE_ID === undefined) {
    context.addIssue({
      code: 'custom',
      path: ['NODE_ID'],
      message: 'REDIS_URL runs this server as one node of several: give it a NODE_ID',
    });
  }
  if (config.REDIS_URL !== undefined && config.PASSERELLE_TOKEN_SECRET === undefined) {
    context.addIssue({
      code: 'custom',
      path: ['PASSERELLE_TOKEN_SECRET'],
      message: 'every node must verify the links the others signed: set PASSERELLE_TOKEN_SECRET',
    });
  }
  if (config.REDIS_URL !== undefined && config.DATABASE_URL === undefined) {
    context.addIssue({
      code: 'custom',
      path: ['DATABASE_URL'],
      message: 'the nodes of a cluster share one PostgreSQL store: set DATABASE_URL too',
    });
  }
  if ((config.TURN_SECRET === undefined) !== (config.TURN_URLS === undefined)) {
    context.addIssue({
      code: 'custom',
      path: [config.TURN_SECRET === undefined ? 'TURN_SECRET' : 'TURN_URLS'],
      message: 'TURN_SECRET and TURN_URLS go together: set both to use the relay, or neither',
    });
  }
});

export type ServerConfig = z.infer<typeof configSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
