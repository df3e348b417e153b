import type { OutStream } from './peer';
import { OpusDtx } from './dtx';
import {
  OpusStream,
  SpeechLevels,
  Vp8Layer,
  paced,
  speaking,
  type VideoLayerSpec,
} from './synthetic';

/** A stream a seat sends, named as the stream counts report it. */
export interface NamedOutStream {
  name: string;
  stream: OutStream;
}

/**
 * Starts a seat's synthetic sending, the same on every target so they compare: each camera
 * layer paced at its frame rate (a key frame when the SFU asks), and the microphone (with
 * speech-like levels when the audio-level extension is negotiated, and as Chrome sends it with
 * Opus DTX when the seat's page asks for it). What it sends is added to
 * `out`, its pacing timers to `timers`, for the caller to count and stop.
 */
export function startSending(
  seat: string,
  media: {
    layers: VideoLayerSpec[];
    video: OutStream[];
    audio: OutStream;
    withLevels: boolean;
    /** The seat's page produces its microphone with Opus DTX (dtx.ts). */
    dtx: boolean;
  },
  out: NamedOutStream[],
  timers: ReturnType<typeof setInterval>[],
): void {
  media.layers.forEach((spec, index) => {
    const layer = new Vp8Layer(spec);
    const stream = media.video[index]!;
    out.push({ name: `${seat}:camera/${index}`, stream });
    stream.onPli(() => layer.requestKeyFrame());
    timers.push(
      paced(1000 / spec.frameRate, (now) => {
        for (const packet of layer.nextFrame(now)) stream.send(packet);
      }),
    );
  });
  out.push({ name: `${seat}:microphone`, stream: media.audio });
  const levels = media.withLevels ? new SpeechLevels(seat) : undefined;
  const opus = new OpusStream(levels);
  const dtx = media.dtx ? new OpusDtx() : undefined;
  timers.push(
    paced(OpusStream.INTERVAL_MS, (now) => {
      const frame = dtx?.next(speaking(seat, now)) ?? 'speech';
      if (frame !== 'skip') media.audio.send(opus.nextPacket(now, frame));
    }),
  );
}
