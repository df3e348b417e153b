import { z } from 'zod';

/*
 * WebRTC/ORTC parameter shapes. We check the structure the server relies on
 * and keep unknown fields (mediasoup validates the rest and its errors come
 * back as `invalid_request`), so a newer mediasoup-client stays compatible.
 */
const codecSchema = z.looseObject({
  mimeType: z.string().min(1).max(64),
  clockRate: z.number().int().positive(),
  payloadType: z.number().int().min(0).max(127).optional(),
  channels: z.number().int().positive().optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
});

export const rtpCapabilitiesSchema = z.looseObject({
  codecs: z.array(codecSchema).max(64).optional(),
  headerExtensions: z
    .array(z.looseObject({ uri: z.string() }))
    .max(64)
    .optional(),
});

export const rtpParametersSchema = z.looseObject({
  mid: z.string().max(32).optional(),
  codecs: z
    .array(codecSchema.extend({ payloadType: z.number().int().min(0).max(127) }))
    .min(1)
    .max(32),
  encodings: z.array(z.looseObject({})).max(8).optional(),
  headerExtensions: z
    .array(z.looseObject({ uri: z.string(), id: z.number().int() }))
    .max(32)
    .optional(),
  rtcp: z.looseObject({}).optional(),
});

export const dtlsParametersSchema = z.looseObject({
  role: z.enum(['auto', 'client', 'server']).optional(),
  fingerprints: z
    .array(z.object({ algorithm: z.string().min(1).max(16), value: z.string().min(1).max(256) }))
    .min(1)
    .max(8),
});

export const iceParametersSchema = z.looseObject({
  usernameFragment: z.string(),
  password: z.string(),
  iceLite: z.boolean().optional(),
});

/**
 * A relay for the browser's RTCPeerConnection (`iceServers`): TURN URLs with a time-limited
 * credential minted for this participant alone (coturn's TURN REST API scheme).
 */
export const iceServerSchema = z.object({
  urls: z
    .array(z.string().regex(/^turns?:/))
    .min(1)
    .max(8),
  username: z.string().min(1).max(256),
  credential: z.string().min(1).max(256),
});
export type IceServer = z.infer<typeof iceServerSchema>;

export const iceCandidateSchema = z.looseObject({
  foundation: z.string(),
  priority: z.number(),
  ip: z.string().optional(),
  address: z.string().optional(),
  protocol: z.enum(['udp', 'tcp']),
  port: z.number().int(),
  type: z.string(),
  tcpType: z.string().optional(),
});

export const mediaKindSchema = z.enum(['audio', 'video']);
export type MediaKind = z.infer<typeof mediaKindSchema>;

/** Where a track comes from; decides which capability producing it needs. */
export const mediaSourceSchema = z.enum(['camera', 'microphone', 'screen']);
export type MediaSource = z.infer<typeof mediaSourceSchema>;

export type RtpCapabilitiesWire = z.infer<typeof rtpCapabilitiesSchema>;
export type RtpParametersWire = z.infer<typeof rtpParametersSchema>;
export type DtlsParametersWire = z.infer<typeof dtlsParametersSchema>;

/**
 * How a participant's camera is captured and encoded, chosen by the server for its role
 * (a class picture for the tutor's tile is not a 720p portrait) and sent at join.
 */
export const cameraPolicySchema = z.object({
  width: z.number().int().min(160).max(1920),
  height: z.number().int().min(90).max(1080),
  frameRate: z.number().int().min(1).max(30),
  /** Simulcast layers, each twice the size of the one below; the top one is the capture. */
  simulcastLayers: z.number().int().min(1).max(3),
  /**
   * While nobody watches above the lowest layer (a thumbnail, `producerLayersWanted` 0 or
   * none), capture `scaleDownBy` times smaller and at `frameRate`, the lowest layer keeping
   * its size; absent: the capture never changes.
   */
  thumbnail: z
    .object({
      scaleDownBy: z.number().min(1).max(8),
      frameRate: z.number().int().min(1).max(30),
    })
    .optional(),
});
export type CameraPolicy = z.infer<typeof cameraPolicySchema>;

/**
 * How a participant's microphone is encoded, chosen by the server for its role and sent at
 * join: `dtx` asks the page's Opus encoder for discontinuous transmission (a few packets a
 * second of comfort noise while nobody speaks, instead of 50).
 */
export const microphonePolicySchema = z.object({ dtx: z.boolean() });
export type MicrophonePolicy = z.infer<typeof microphonePolicySchema>;
