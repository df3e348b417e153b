import { z } from 'zod';
import { materialIdSchema } from './board';
import { idSchema } from './ids';

/*
 * The lesson layer on top of media: the shared board (Yjs updates carried
 * as base64), classroom signals, pushed content and connection quality.
 */

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * A Yjs update or state vector from a client, base64-encoded: 256 KB once
 * decoded (the board's MAX_BOARD_UPDATE_BYTES; strokes drawn offline still
 * fit, a stroke is a few hundred bytes). Socket.io's own limit (server.ts)
 * sits above it.
 */
export const yjsBinarySchema = z.string().max(341_336).regex(BASE64, 'base64 expected');

/** The whole board sent to a (re)joining client may be larger than any single client update. */
export const yjsSnapshotSchema = z.string().max(16_000_000).regex(BASE64, 'base64 expected');

export const classroomSignalSchema = z.enum(['cantHear', 'cantSee']);
export type ClassroomSignal = z.infer<typeof classroomSignalSchema>;

/**
 * Content the tutor pushes from the lesson plan; images and flashcards land on the board.
 * A material travels as its id, never as an address: each viewer loads it from
 * /api/planning/sessions/:sessionId/materials/:materialId/content with its own credential,
 * so nothing another participant receives carries anybody's token (issue 8, row 1).
 */
export const pushedContentSchema = z.discriminatedUnion('type', [
  z
    .object({ type: z.literal('image'), materialId: materialIdSchema, title: z.string().max(200) })
    .strict(),
  z
    .object({
      type: z.literal('flashcard'),
      word: z.string().min(1).max(100),
      materialId: materialIdSchema.optional(),
    })
    .strict(),
  z
    .object({ type: z.literal('audio'), materialId: materialIdSchema, title: z.string().max(200) })
    .strict(),
]);
export type PushedContent = z.infer<typeof pushedContentSchema>;

/** What a client measured on its own peer connections over the last few seconds. */
export const qualityReportSchema = z.object({
  sendBitrateKbps: z.number().min(0).max(100_000),
  recvBitrateKbps: z.number().min(0).max(100_000),
  packetLossPercent: z.number().min(0).max(100),
  roundTripMs: z.number().min(0).max(60_000).nullable(),
  freezeCount: z.number().int().min(0).max(100_000),
  /**
   * The page's own bandwidth estimate for what it sends (its send transport's
   * `availableOutgoingBitrate`): the server cannot measure a school's uplink itself.
   */
  sendAvailableKbps: z.number().min(0).max(100_000).nullable().optional(),
});
export type QualityReport = z.infer<typeof qualityReportSchema>;

export const qualityLevelSchema = z.enum(['good', 'fair', 'poor']);
export type QualityLevel = z.infer<typeof qualityLevelSchema>;

export const participantQualitySchema = qualityReportSchema.extend({
  participantId: idSchema,
  level: qualityLevelSchema,
});
export type ParticipantQuality = z.infer<typeof participantQualitySchema>;

/**
 * Whether a participant's line carries video (issue 9, `signaling/linkState/`): `full`, or
 * `audioOnly` because the line cannot hold even the lowest video layer `uplink` (what it sends),
 * `downlink` (what it receives) or `both` ways. Sound always flows.
 */
export const linkStateSchema = z.enum(['full', 'audioOnly']);
export type LinkState = z.infer<typeof linkStateSchema>;
export const linkDirectionSchema = z.enum(['uplink', 'downlink', 'both']);
export type LinkDirection = z.infer<typeof linkDirectionSchema>;

export const participantLinkStateSchema = z.object({
  participantId: idSchema,
  state: linkStateSchema,
  /** Null when `full`. */
  direction: linkDirectionSchema.nullable(),
});
export type ParticipantLinkState = z.infer<typeof participantLinkStateSchema>;
