/*
 * Opus DTX as Chrome sends it, for a seat whose page asks for it (`usedtx=1`). Two sources,
 * read for exactness:
 * - libopus decides per 20 ms frame (src/opus_encoder.c `decide_dtx_mode`, constants in
 *   silk/define.h): after NB_SPEECH_FRAMES_BEFORE_DTX = 10 frames (200 ms) without voice
 *   activity it codes DTX frames (a TOC byte alone) for MAX_CONSECUTIVE_DTX = 20 frames
 *   (400 ms), then codes one real frame of background noise (a refresh), and starts over at
 *   the 200 ms mark: a 21-frame cycle of one refresh and twenty DTX frames.
 * - libwebrtc sends a DTX frame only when it is the first of its run, to tell the decoder
 *   the encoder entered DTX; the others are not sent at all
 *   (modules/audio_coding/codecs/opus/opus_interface.cc `WebRtcOpus_Encode`: a result of
 *   2 bytes or less is returned as empty while `in_dtx_mode`, and any real frame resets it).
 * So a quiet microphone sends 10 ordinary frames, then, every 420 ms, the first DTX frame
 * and 400 ms later a refresh: 2 packets per 420 ms (about 4.8 a second) instead of 21.
 */
import { ROLE_OF_SEAT, type Seat } from './lesson';
import { MICROPHONE_POLICY_BY_ROLE } from '../../capturePolicy';

/** `on`: each seat as Passerelle's policy says for its role (the product); `off`: none. */
export const DTX_SETTINGS = ['on', 'off'] as const;
export type DtxSetting = (typeof DTX_SETTINGS)[number];

/** Whether `seat`'s page produces its microphone with DTX: the same on every target. */
export function seatUsesDtx(seat: Seat, setting: DtxSetting | undefined): boolean {
  return setting === 'on' && MICROPHONE_POLICY_BY_ROLE[ROLE_OF_SEAT[seat]]?.dtx === true;
}

const FRAMES_BEFORE_DTX = 10;
const DTX_FRAMES = 20;

/** What the encoder and libwebrtc make of one 20 ms frame. */
export type DtxFrame = 'speech' | 'dtx-first' | 'refresh' | 'skip';

/** The frame-by-frame decision of one microphone's Opus encoder with DTX. */
export class OpusDtx {
  #quietFrames = 0;

  next(voice: boolean): DtxFrame {
    if (voice) {
      this.#quietFrames = 0;
      return 'speech';
    }
    this.#quietFrames += 1;
    if (this.#quietFrames <= FRAMES_BEFORE_DTX) return 'speech';
    const inCycle = (this.#quietFrames - FRAMES_BEFORE_DTX - 1) % (DTX_FRAMES + 1);
    if (inCycle === 0) return 'dtx-first';
    return inCycle === DTX_FRAMES ? 'refresh' : 'skip';
  }
}
