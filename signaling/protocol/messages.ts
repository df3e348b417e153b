import { z } from 'zod';
import { idSchema } from './ids';
import {
  cameraPolicySchema,
  dtlsParametersSchema,
  iceParametersSchema,
  iceServerSchema,
  mediaKindSchema,
  mediaSourceSchema,
  microphonePolicySchema,
  rtpCapabilitiesSchema,
  rtpParametersSchema,
} from './media';
import { PROBE_REQUESTS } from './probe';
import { CAPABILITIES, roleSchema } from './roles';
import { emptyRequest, okResponse, request, transportOptionsSchema } from './spec';
import {
  classroomSignalSchema,
  participantLinkStateSchema,
  participantQualitySchema,
  pushedContentSchema,
  qualityReportSchema,
  yjsBinarySchema,
  yjsSnapshotSchema,
} from './lesson';

// Its own zod-free module, so that the page's connect-only path can open the socket without zod.
export { PROTOCOL_VERSION } from './version';

/** What one participant may learn about another (never an inspector: see `visible`). */
export const participantInfoSchema = z.object({
  participantId: idSchema,
  role: roleSchema,
  displayName: z.string(),
  /** A pupil at home only: the class it belongs to, for the roster ("Léa (à la maison) — CM1"). */
  className: z.string().max(80).optional(),
});
export type ParticipantInfo = z.infer<typeof participantInfoSchema>;

export const producerInfoSchema = z.object({
  producerId: idSchema,
  participantId: idSchema,
  kind: mediaKindSchema,
  source: mediaSourceSchema,
  paused: z.boolean(),
});
export type ProducerInfo = z.infer<typeof producerInfoSchema>;

const consumeAnswerSchema = z.object({
  consumerId: idSchema,
  producerId: idSchema,
  participantId: idSchema,
  kind: mediaKindSchema,
  source: mediaSourceSchema,
  rtpParameters: rtpParametersSchema,
});

export const transportStatsSchema = z.object({
  transportId: idSchema,
  bytesReceived: z.number(),
  bytesSent: z.number(),
  recvBitrateBps: z.number(),
  sendBitrateBps: z.number(),
  availableOutgoingBitrateBps: z.number().nullable(),
});
export type TransportStats = z.infer<typeof transportStatsSchema>;

/** A pupil's grants, as those who give them (tutor, its classroom) and the pupil itself see them. */
export const pupilGrantsSchema = z.object({
  participantId: idSchema,
  microphone: z.boolean(),
  drawing: z.boolean(),
});
export type PupilGrants = z.infer<typeof pupilGrantsSchema>;

const capabilityListSchema = z.array(z.enum(CAPABILITIES));

const empty = emptyRequest;
const ok = okResponse;

/**
 * Every client→server request: its payload schema, its response schema and
 * the capability it needs. The server's dispatcher and the browser client
 * are both typed from this table.
 */
export const REQUESTS = {
  joinSession: request(
    z
      .object({
        rtpCapabilities: rtpCapabilitiesSchema,
        /**
         * Prepare receiving within the join (a recv transport and, already resumed, the
         * consumers of what this role receives), instead of a round trip for each step after it.
         */
        receive: z.boolean().optional(),
        /**
         * With `receive`: the DTLS parameters the page's recv RTCPeerConnection will have (its
         * certificate made beforehand), so that the server connects the transport within the
         * join too, and ICE and DTLS start without a connectTransport round trip first.
         */
        receiveDtls: dtlsParametersSchema.optional(),
      })
      .strict(),
    z.object({
      self: participantInfoSchema,
      participants: z.array(participantInfoSchema),
      producers: z.array(producerInfoSchema),
      /** Participant ids with a hand up, oldest first (only for those who see hands). */
      raisedHands: z.array(idSchema),
      /** How to capture and encode the camera; null for a role that sends none. */
      camera: cameraPolicySchema.nullable(),
      /** How to encode the microphone; null for a role that never speaks, absent from older servers. */
      microphone: microphonePolicySchema.nullable().optional(),
      /** The TURN relay with this participant's own credential; empty when the server has none. */
      iceServers: z.array(iceServerSchema).max(4),
      /**
       * What this connection may do now (grants included): the page shows what the server
       * allows, and follows `capabilitiesChanged` after. Absent from servers before issue 13.
       */
      capabilities: capabilityListSchema.optional(),
      /** Grants of the pupils at home this participant may see (only for those who give them). */
      pupilGrants: z.array(pupilGrantsSchema).optional(),
      /** With `receive`: the recv transport and its consumers; null if none could be prepared. */
      receiving: z
        .object({
          transport: transportOptionsSchema,
          consumers: z.array(consumeAnswerSchema),
          /** Connected with the join's `receiveDtls`: the page sends no connectTransport. */
          connected: z.boolean().optional(),
        })
        .nullable()
        .optional(),
    }),
    'join',
  ),
  getRouterRtpCapabilities: request(
    empty,
    z.object({ rtpCapabilities: rtpCapabilitiesSchema }),
    'join',
  ),
  createTransport: request(
    z.object({ direction: z.enum(['send', 'recv']) }).strict(),
    transportOptionsSchema,
    'join',
  ),
  connectTransport: request(
    z.object({ transportId: idSchema, dtlsParameters: dtlsParametersSchema }).strict(),
    ok,
    'join',
  ),
  /** New ICE credentials for one of the caller's transports, after its connection failed. */
  restartIce: request(
    z.object({ transportId: idSchema }).strict(),
    z.object({ iceParameters: iceParametersSchema }),
    'join',
  ),
  produce: request(
    z
      .object({
        transportId: idSchema,
        kind: mediaKindSchema,
        source: mediaSourceSchema,
        rtpParameters: rtpParametersSchema,
      })
      .strict(),
    z.object({ producerId: idSchema }),
    // Refined per source by the handler (camera/microphone/screen capabilities).
    'join',
  ),
  closeProducer: request(z.object({ producerId: idSchema }).strict(), ok, 'join'),
  pauseProducer: request(z.object({ producerId: idSchema }).strict(), ok, 'join'),
  resumeProducer: request(z.object({ producerId: idSchema }).strict(), ok, 'join'),
  consume: request(
    z.object({ transportId: idSchema, producerId: idSchema }).strict(),
    consumeAnswerSchema,
    'consume',
  ),
  resumeConsumer: request(z.object({ consumerId: idSchema }).strict(), ok, 'consume'),
  setConsumerPreferredLayers: request(
    z
      .object({
        consumerId: idSchema,
        spatialLayer: z.number().int().min(0).max(2),
        temporalLayer: z.number().int().min(0).max(2).optional(),
        /**
         * The viewer shows this tile enlarged. Only a hidden viewer needs to say so: its
         * preferred layer then counts towards what the sender encodes (dynacast).
         */
        enlarged: z.boolean().optional(),
      })
      .strict(),
    ok,
    'consume',
  ),
  getTransportStats: request(
    z.object({ transportId: idSchema }).strict(),
    transportStatsSchema,
    'join',
  ),
  leaveSession: request(empty, ok, 'join'),

  /** Yjs sync step: send your state vector, get back what you are missing. */
  syncBoard: request(
    z.object({ stateVector: yjsBinarySchema }).strict(),
    // The server's own state vector lets the client send back what the server lacks (offline strokes).
    z.object({ update: yjsSnapshotSchema, stateVector: yjsBinarySchema }),
    'viewBoard',
  ),
  updateBoard: request(z.object({ update: yjsBinarySchema }).strict(), ok, 'drawBoard'),
  raiseHand: request(z.object({ raised: z.boolean() }).strict(), ok, 'signal'),
  sendClassroomSignal: request(z.object({ signal: classroomSignalSchema }).strict(), ok, 'signal'),
  pushContent: request(z.object({ content: pushedContentSchema }).strict(), ok, 'teach'),
  muteParticipant: request(
    z.object({ participantId: idSchema, muted: z.boolean() }).strict(),
    ok,
    'teach',
  ),
  reportQuality: request(qualityReportSchema.strict(), ok, 'join'),
  /**
   * Gives a pupil at home the floor (`microphone`) or the pen (`drawing`), or takes it back;
   * taking the floor back closes the pupil's microphone on the server. The tutor, or the
   * pupil's own class.
   */
  grantPupil: request(
    z
      .object({
        participantId: idSchema,
        grant: z.enum(['microphone', 'drawing']),
        granted: z.boolean(),
      })
      .strict(),
    pupilGrantsSchema,
    'grantPupil',
  ),

  ...PROBE_REQUESTS,
} as const;

export type RequestName = keyof typeof REQUESTS;
export type RequestPayload<K extends RequestName> = z.infer<(typeof REQUESTS)[K]['request']>;
export type ResponseData<K extends RequestName> = z.infer<(typeof REQUESTS)[K]['response']>;
export const REQUEST_NAMES = Object.keys(REQUESTS) as RequestName[];

/** Every server→client notification (past tense: something happened). */
export const NOTIFICATIONS = {
  participantJoined: participantInfoSchema,
  participantLeft: z.object({ participantId: idSchema }),
  producerAdded: producerInfoSchema,
  producerClosed: z.object({ producerId: idSchema }),
  producerPaused: z.object({ producerId: idSchema }),
  producerResumed: z.object({ producerId: idSchema }),
  consumerClosed: z.object({ consumerId: idSchema }),
  consumerLayersChanged: z.object({
    consumerId: idSchema,
    spatialLayer: z.number().int().nullable(),
    temporalLayer: z.number().int().nullable(),
  }),
  activeSpeakerChanged: z.object({ participantId: idSchema.nullable() }),
  /**
   * Sent to a producer's own page only: the highest spatial layer anybody watches
   * (null: none). The page stops encoding the layers above it (dynacast).
   */
  producerLayersWanted: z.object({
    producerId: idSchema,
    maxSpatialLayer: z.number().int().min(0).max(2).nullable(),
  }),
  /** The media server under the session was replaced; the client must rebuild its transports. */
  mediaReset: z.object({ reason: z.string() }),
  /** Sent just before the server closes a connection that a newer one (same link, same role) replaced. */
  connectionReplaced: z.object({ reason: z.string() }),
  boardUpdated: z.object({ update: yjsBinarySchema }),
  handRaised: z.object({ participantId: idSchema, raised: z.boolean() }),
  classroomSignalled: z.object({ participantId: idSchema, signal: classroomSignalSchema }),
  contentPushed: z.object({ content: pushedContentSchema }),
  /** Sent to a classroom whose microphone the tutor muted or unmuted. */
  mutedByTutor: z.object({ muted: z.boolean() }),
  participantQualityChanged: participantQualitySchema,
  /**
   * Sent to those who see statistics (the tutor): a visible class joined whose latest network
   * check found a weak line, a relay-only path or no path at all (never about anyone else).
   */
  lineReadinessKnown: z.object({
    participantId: idSchema,
    verdict: z.enum(['ready', 'relay-only', 'not-ready']),
    weak: z.boolean(),
    checkedAt: z.string(),
  }),
  /**
   * A participant's line went audio-only or came back (`signaling/linkState/`): sent to the
   * participant itself and to those who see connection quality, never about a hidden one.
   */
  linkStateChanged: participantLinkStateSchema,
  /**
   * Sent to a participant's own page only: stop sending the camera (its uplink cannot hold the
   * lowest layer), or try it again. Sound is never part of it.
   */
  cameraSuspended: z.object({ suspended: z.boolean() }),
  /** Sent to a participant's own page only: what it may do now changed (a pupil given the floor). */
  capabilitiesChanged: z.object({ capabilities: capabilityListSchema }),
  /** A pupil's grants changed: sent to the pupil and to those who may give them. */
  pupilGrantsChanged: pupilGrantsSchema,
} as const;

export type NotificationName = keyof typeof NOTIFICATIONS;
export type NotificationPayload<K extends NotificationName> = z.infer<(typeof NOTIFICATIONS)[K]>;
