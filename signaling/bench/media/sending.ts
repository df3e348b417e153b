import type { OutStream } from './peer';
import { OpusStream, SpeechLevels, Vp8Layer, paced, type VideoLayerSpec } from './synthetic';

/** A stream a seat sends, named as the stream counts report it. */
export interface NamedOutStream {
  name: string;
  stream: OutStream;
}

/**
 * Starts a seat's synthetic sending, the same on every target so they compare: each camera
 * layer paced at its frame rate (a key frame when the SFU asks), and the microphone (with
 * speech-like levels when the audio-level extension is negotiated). What it sends is added to
 * `out`, its pacing timers to `timers`, for the caller to count and stop.
 */
export function startSending(
  seat: string,
  media: { layers: VideoLayerSpec[]; video: OutStream[]; audio: OutStream; withLevels: boolean },
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
  const opus = new OpusStream(media.withLevels ? new SpeechLevels(seat) : undefined);
  timers.push(paced(OpusStream.INTERVAL_MS, (now) => media.audio.send(opus.nextPacket(now))));
}
