/*
 * Synthetic media at a camera's and a microphone's sizes and rates. The SFU
 * reads the VP8 payload descriptor (picture id, temporal layer, key frames)
 * to switch simulcast layers, so the video carries a real one; the rest of
 * each packet is filler. A key frame goes out every few seconds and whenever
 * the SFU asks for one (PLI), as an encoder does.
 */
import type { DtxFrame } from './dtx';

export interface RtpOut {
  payload: Buffer;
  marker: boolean;
  timestamp: number;
  /** Microphone packets: the level a browser writes in the audio-level extension. */
  audioLevel?: AudioLevel;
}

/** RFC 6464: the level in -dBov (0 loudest, 127 silence) and the voice activity flag. */
export interface AudioLevel {
  dBov: number;
  voice: boolean;
}

export interface VideoLayerSpec {
  bitrateBps: number;
  frameRate: number;
}

/**
 * A browser's video packets: libwebrtc's are at most 1,200 bytes (`kVideoMtu`), RTP header and
 * extensions included, and its VP8 packetizer splits a frame into packets of equal size. Here:
 * the RTP header, the one-byte extension block a browser's video carries (transport-cc,
 * abs-send-time) and the VP8 payload descriptor leave 1,170 bytes of frame a packet.
 */
export const MAX_RTP_PACKET_BYTES = 1200;
const RTP_HEADER_AND_EXTENSIONS_BYTES = 12 + 12;
const VP8_DESCRIPTOR_BYTES = 6;
const FRAME_BYTES_PER_PACKET =
  MAX_RTP_PACKET_BYTES - RTP_HEADER_AND_EXTENSIONS_BYTES - VP8_DESCRIPTOR_BYTES;
const KEY_FRAME_EVERY_MS = 4000;
/** A key frame is a few times the size of a delta frame. */
const KEY_FRAME_FACTOR = 4;

function vp8Descriptor(pictureId: number, tl0: number, tid: number, start: boolean): Buffer {
  return Buffer.from([
    0x80 | (start ? 0x10 : 0), // X, S (start of partition), partition 0
    0xe0, // I, L, T: picture id, TL0PICIDX, TID present
    0x80 | ((pictureId >> 8) & 0x7f), // 15-bit picture id
    pictureId & 0xff,
    tl0 & 0xff,
    (tid << 6) | 0x20, // TID, layer sync
  ]);
}

/** The first bytes of a VP8 frame: a key frame carries the start code and its size. */
function vp8FrameHeader(key: boolean): Buffer {
  if (!key) return Buffer.from([0x01, 0x00, 0x00]);
  return Buffer.from([0x00, 0x00, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0x68, 0x01]);
}

/** One simulcast layer of a VP8 camera (temporal layers 0-2-1-2, as L1T3). */
export class Vp8Layer {
  #pictureId = Math.floor(Math.random() * 0x7fff);
  #tl0 = 0;
  #frame = 0;
  #lastKeyAt = -Infinity;
  #keyWanted = true;
  #frameBytes: number;

  constructor(readonly spec: VideoLayerSpec) {
    this.#frameBytes = Math.round(spec.bitrateBps / 8 / spec.frameRate);
  }

  /** Frames at `frameRate` from now on, at the layer's same bitrate (a smaller capture's rate). */
  setFrameRate(frameRate: number): void {
    this.#frameBytes = Math.round(this.spec.bitrateBps / 8 / frameRate);
  }

  requestKeyFrame(): void {
    this.#keyWanted = true;
  }

  /** The packets of the next frame. */
  nextFrame(nowMs: number): RtpOut[] {
    const key = this.#keyWanted || nowMs - this.#lastKeyAt >= KEY_FRAME_EVERY_MS;
    if (key) {
      this.#keyWanted = false;
      this.#lastKeyAt = nowMs;
    }
    const tid = key || this.#frame % 4 === 0 ? 0 : this.#frame % 2 === 1 ? 2 : 1;
    if (tid === 0) this.#tl0 = (this.#tl0 + 1) & 0xff;
    this.#pictureId = (this.#pictureId + 1) & 0x7fff;
    this.#frame = key ? 0 : this.#frame + 1;
    const size = this.#frameBytes * (key ? KEY_FRAME_FACTOR : 1);
    const count = Math.max(1, Math.ceil(size / FRAME_BYTES_PER_PACKET));
    const timestamp = Math.round(nowMs * 90) >>> 0;
    return Array.from({ length: count }, (_, index) => {
      const head = vp8Descriptor(this.#pictureId, this.#tl0, tid, index === 0);
      const body = index === 0 ? vp8FrameHeader(key) : Buffer.alloc(0);
      const filler = Buffer.alloc(Math.max(0, Math.round(size / count) - body.length), 0x5a);
      return {
        payload: Buffer.concat([head, body, filler]),
        marker: index === count - 1,
        timestamp,
      };
    });
  }
}

/**
 * Who speaks when, the same for every seat of a lesson (they share one process): a 15 s
 * exchange where the tutor talks for 10 s, then one class answers for 3 s (the two classes
 * in turn), then 2 s of quiet. The tutor talks two thirds of the time; the answers are long
 * enough for an active-speaker detector to notice.
 */
export const EXCHANGE_MS = 15_000;
const TUTOR_UNTIL_MS = 10_000;
const ANSWER_UNTIL_MS = 13_000;
const LESSON_EPOCH_MS = performance.now();

export function speaking(seat: string, nowMs: number): boolean {
  const elapsed = nowMs - LESSON_EPOCH_MS;
  const at = ((elapsed % EXCHANGE_MS) + EXCHANGE_MS) % EXCHANGE_MS;
  if (seat === 'tutor') return at < TUTOR_UNTIL_MS;
  const answering = Math.floor(elapsed / EXCHANGE_MS) % 2 === 0 ? 'classA' : 'classB';
  return seat === answering && at >= TUTOR_UNTIL_MS && at < ANSWER_UNTIL_MS;
}

/**
 * Speech-like levels for the audio-level extension: while speaking, syllables around
 * 20-40 dBov with short gaps between words; otherwise room noise near 100 dBov.
 */
export class SpeechLevels {
  constructor(readonly seat: string) {}

  at(nowMs: number): AudioLevel {
    if (!speaking(this.seat, nowMs))
      return { dBov: 95 + Math.floor(Math.random() * 20), voice: false };
    const gap = Math.random() < 0.15;
    return gap
      ? { dBov: 60 + Math.floor(Math.random() * 15), voice: true }
      : { dBov: 20 + Math.floor(Math.random() * 20), voice: true };
  }
}

/** Opus at ~40 kbit/s: one 20 ms packet of ~100 bytes, 50 a second (fewer with DTX, dtx.ts). */
export class OpusStream {
  static readonly INTERVAL_MS = 20;
  readonly #payload = Buffer.alloc(100, 0x3c);
  /** A DTX frame is the TOC byte alone; a background-noise refresh is a small real frame. */
  readonly #dtxPayload = Buffer.from([0x78]);
  readonly #refreshPayload = Buffer.alloc(40, 0x3c);
  #inDtx = false;

  constructor(readonly levels?: SpeechLevels) {}

  /** The packet of the next 20 ms frame, as the encoder coded it (a frame DTX skips is not sent). */
  nextPacket(nowMs: number, frame: Exclude<DtxFrame, 'skip'> = 'speech'): RtpOut {
    // RFC 7587 / libwebrtc: the first packet of a talkspurt after DTX carries the marker.
    const marker = frame === 'speech' && this.#inDtx;
    this.#inDtx = frame !== 'speech';
    const payloads = {
      speech: this.#payload,
      'dtx-first': this.#dtxPayload,
      refresh: this.#refreshPayload,
    };
    return {
      payload: payloads[frame],
      marker,
      timestamp: Math.round(nowMs * 48) >>> 0,
      audioLevel: this.levels?.at(nowMs),
    };
  }
}

/** At most this many late frames are sent at once when the process was starved. */
const MAX_CATCH_UP = 5;

/**
 * The frames (and microphone packets) every `paced` timer of this process owed since it
 * started, and those it dropped for being too far behind: a client process short of CPU.
 */
export const pacedFrames = { due: 0, dropped: 0 };

/**
 * Calls `emit` every `intervalMs` on average: a timer that fires late (a busy machine)
 * catches up on the frames it owes, as an encoder's output does, instead of lowering the rate.
 */
export function paced(
  intervalMs: number,
  emit: (nowMs: number) => void,
): ReturnType<typeof setInterval> {
  let due = performance.now();
  return setInterval(() => {
    const now = performance.now();
    let owed = 0;
    while (due <= now && owed < MAX_CATCH_UP) {
      emit(due);
      pacedFrames.due += 1;
      due += intervalMs;
      owed += 1;
    }
    if (due <= now) {
      // Too far behind: drop the rest, and say so.
      const dropped = Math.floor((now - due) / intervalMs) + 1;
      pacedFrames.due += dropped;
      pacedFrames.dropped += dropped;
      due = now + intervalMs;
    }
  }, intervalMs);
}
