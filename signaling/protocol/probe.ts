import { z } from 'zod';
import { idSchema } from './ids';
import {
  dtlsParametersSchema,
  iceServerSchema,
  rtpCapabilitiesSchema,
  rtpParametersSchema,
} from './media';
import { okResponse, request, transportOptionsSchema } from './spec';

/**
 * The network paths a readiness check tries, in the order ICE would prefer them: direct UDP
 * to the media server, ICE-TCP to it, then the TURN relay over UDP, TCP and TLS.
 */
export const PROBE_PATHS = ['udp', 'tcp', 'turn-udp', 'turn-tcp', 'turn-tls'] as const;
export const probePathSchema = z.enum(PROBE_PATHS);
export type ProbePath = z.infer<typeof probePathSchema>;
export type TurnProbePath = Extract<ProbePath, `turn-${string}`>;

const portSchema = z.number().int().min(1).max(65535);

/**
 * What the IT service must open, from the server's own configuration (never guessed by the
 * page): the media address with its WebRtcServer ports (UDP for `udp`, TCP for ICE-TCP) and
 * each configured TURN listener.
 */
export const checkTargetsSchema = z.object({
  mediaAddress: z.string().min(1),
  /** One WebRtcServer per worker; with RTC_PORT set, UDP and TCP share each number. */
  mediaUdpPorts: z.array(portSchema).min(1).max(64),
  mediaTcpPorts: z.array(portSchema).min(1).max(64),
  turn: z
    .array(
      z.object({
        path: z.enum(['turn-udp', 'turn-tcp', 'turn-tls']),
        host: z.string().min(1),
        port: portSchema,
        protocol: z.enum(['udp', 'tcp', 'tls']),
      }),
    )
    .max(8),
});
export type CheckTargets = z.infer<typeof checkTargetsSchema>;

const probeIdSchema = idSchema;
const iceStateSchema = z.enum(['new', 'connected', 'completed', 'disconnected', 'closed']);

const probeSideStatsSchema = z.object({
  iceState: iceStateSchema,
  /** The protocol of the pair ICE selected on the server's side, once connected. */
  protocol: z.enum(['udp', 'tcp']).nullable(),
  bytes: z.number(),
  bitrateBps: z.number(),
});

export const probeStatsSchema = z.object({
  /** The transport the browser sends on: what the server received. */
  send: probeSideStatsSchema,
  /** The transport the browser receives on: what the server sent. */
  recv: probeSideStatsSchema,
});
export type ProbeStats = z.infer<typeof probeStatsSchema>;

const probeReadySchema = z.object({
  status: z.literal('ready'),
  probeId: probeIdSchema,
  send: transportOptionsSchema,
  recv: transportOptionsSchema,
  /** For a TURN path: that one relay URL with a fresh credential; empty otherwise. */
  iceServers: z.array(iceServerSchema).max(1),
  /** `relay` for the TURN paths, so that only the relay's candidates are tried. */
  iceTransportPolicy: z.enum(['all', 'relay']),
  /** The server closes the probe by itself after this long. */
  closesInMs: z.number().int().positive(),
});

/**
 * The readiness check's requests, for a check connection only (capability `probe`, which no
 * lesson role has; a check connection has nothing else). A probe is two transports restricted
 * to one path, a test stream sent on one and consumed back on the other, and their figures.
 */
export const PROBE_REQUESTS = {
  /** Starts this connection's check: one at a time per classroom, a few per hour. */
  startCheck: request(
    z.object({}).strict(),
    z.object({
      rtpCapabilities: rtpCapabilitiesSchema,
      targets: checkTargetsSchema,
      /** Paths the server can test; a TURN path without a configured relay is absent. */
      paths: z.array(probePathSchema),
    }),
    'probe',
  ),
  createProbe: request(
    z.object({ path: probePathSchema }).strict(),
    z.discriminatedUnion('status', [
      probeReadySchema,
      // No relay configured: a fact of the server, not a failure of the school.
      z.object({ status: z.literal('not_configured') }),
    ]),
    'probe',
  ),
  connectProbe: request(
    z
      .object({
        probeId: probeIdSchema,
        side: z.enum(['send', 'recv']),
        dtlsParameters: dtlsParametersSchema,
      })
      .strict(),
    okResponse,
    'probe',
  ),
  produceProbe: request(
    z.object({ probeId: probeIdSchema, rtpParameters: rtpParametersSchema }).strict(),
    z.object({ producerId: idSchema }),
    'probe',
  ),
  consumeProbe: request(
    z.object({ probeId: probeIdSchema, rtpCapabilities: rtpCapabilitiesSchema }).strict(),
    z.object({ consumerId: idSchema, producerId: idSchema, rtpParameters: rtpParametersSchema }),
    'probe',
  ),
  probeStats: request(z.object({ probeId: probeIdSchema }).strict(), probeStatsSchema, 'probe'),
  closeProbe: request(z.object({ probeId: probeIdSchema }).strict(), okResponse, 'probe'),
} as const;

export type ProbeRequestName = keyof typeof PROBE_REQUESTS;
export const PROBE_REQUEST_NAMES = Object.keys(PROBE_REQUESTS) as ProbeRequestName[];
