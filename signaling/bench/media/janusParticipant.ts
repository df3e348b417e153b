/*
 * The same seat on Janus VideoRoom. Janus takes a simulcast camera as one
 * m-section with an SSRC group (SIM), so the offer werift makes (one m-section
 * per layer, as for mediasoup) is folded into one before Janus sees it, and
 * Janus's answer unfolded again for werift: the RTP on the wire is the same.
 */
import { JanusSession, askAgainWhile, roomData } from './janusApi';
import { CAMERA_LAYERS, RECEPTION, type Seat } from './lesson';
import { WeriftTransport, streamCounts, type InCounter, type ClientRtp } from './peer';
import type { StreamCount } from './peer';
import { hasAudioLevel, hasTransportCc, type ExtensionSet } from './extensions';
import { startSending, type CameraSender, type NamedOutStream } from './sending';
import { seatUsesDtx } from './dtx';

/**
 * Janus refuses to subscribe to a publisher whose PeerConnection is not up yet ("No such feed",
 * error 428: videoroom.c checks the publisher session's `started`), which a loaded machine can
 * leave a moment after the publisher's own ICE and DTLS were up (`applyAnswer` waits for them):
 * the subscriber asks again (a run at L=6 once stopped on it).
 */
const FEED_RETRY_MS = 250;
const FEED_ATTEMPTS = 20;

/** Janus's feed for a seat: its publisher id and the mids of its camera and microphone. */
export interface JanusFeed {
  id: number;
  videoMid: string;
  audioMid: string;
}

function splitSdp(sdp: string): { head: string[]; sections: string[][] } {
  const lines = sdp.split(/\r?\n/).filter((line) => line.length > 0);
  const head: string[] = [];
  const sections: string[][] = [];
  for (const line of lines) {
    if (line.startsWith('m=')) sections.push([line]);
    else if (sections.length === 0) head.push(line);
    else sections[sections.length - 1]!.push(line);
  }
  return { head, sections };
}

const midOf = (section: string[]) => section.find((l) => l.startsWith('a=mid:'))!.slice(6);
const join = (head: string[], sections: string[][]) =>
  [...head, ...sections.flat(), ''].join('\r\n');
const bundle = (head: string[], mids: string[]) =>
  head.map((l) => (l.startsWith('a=group:BUNDLE') ? `a=group:BUNDLE ${mids.join(' ')}` : l));

/** werift's offer with the camera's layers folded into its first video m-section (SSRC group SIM). */
export function foldSimulcast(offer: string, layerSsrcs: number[]): string {
  const { head, sections } = splitSdp(offer);
  const videos = sections.filter((s) => s[0]!.startsWith('m=video'));
  const kept = sections.filter((s) => !s[0]!.startsWith('m=video') || s === videos[0]);
  if (videos[0]) {
    const first = videos[0].filter((l) => !l.startsWith('a=ssrc'));
    first.push(`a=ssrc-group:SIM ${layerSsrcs.join(' ')}`);
    for (const ssrc of layerSsrcs)
      first.push(`a=ssrc:${ssrc} cname:bench`, `a=ssrc:${ssrc} msid:bench camera`);
    kept[kept.indexOf(videos[0])] = first;
  }
  return join(bundle(head, kept.map(midOf)), kept);
}

/** Janus's answer to the folded offer, unfolded to one m-section per layer for werift. */
export function unfoldAnswer(answer: string, offer: string): string {
  const janus = splitSdp(answer);
  const mine = splitSdp(offer);
  const byMid = new Map(janus.sections.map((s) => [midOf(s), s]));
  const video = janus.sections.find((s) => s[0]!.startsWith('m=video'));
  const sections = mine.sections.map((s) => {
    const mid = midOf(s);
    const own = byMid.get(mid);
    if (own) return own;
    return video!.map((l) => (l.startsWith('a=mid:') ? `a=mid:${mid}` : l));
  });
  return join(bundle(janus.head, sections.map(midOf)), sections);
}

/** A publisher's feed: its id and the mids its offer gave the camera and the microphone. */
function feedOf(id: number, offer: string): JanusFeed {
  const mids = splitSdp(offer).sections.map((s) => ({ kind: s[0]!.slice(2, 7), mid: midOf(s) }));
  return {
    id,
    videoMid: mids.find((m) => m.kind === 'video')!.mid,
    audioMid: mids.find((m) => m.kind === 'audio')!.mid,
  };
}

export class JanusParticipant {
  readonly #timers: ReturnType<typeof setInterval>[] = [];
  readonly #out: NamedOutStream[] = [];
  #camera: CameraSender | undefined;
  readonly #in: { name: string; counter: InCounter; mid: string }[] = [];
  readonly #transports: WeriftTransport[] = [];
  #subscriber = 0;
  #spotlightOnB = false;

  private constructor(
    readonly seat: Seat,
    readonly session: JanusSession,
  ) {}

  static async open(url: string, seat: Seat): Promise<JanusParticipant> {
    return new JanusParticipant(seat, await JanusSession.create(url));
  }

  /**
   * The tutor opens the lesson's room. With audio levels, Janus reports who talks (its
   * `talking` events): the counterpart of Passerelle's ActiveSpeakerObserver.
   */
  async createRoom(room: number, extensions: ExtensionSet): Promise<void> {
    const handle = await this.session.attach();
    roomData(
      await this.session.message(handle, {
        request: 'create',
        room,
        publishers: 6,
        videocodec: 'vp8',
        audiocodec: 'opus',
        bitrate: 0,
        audiolevel_ext: hasAudioLevel(extensions),
        audiolevel_event: hasAudioLevel(extensions),
        transport_wide_cc_ext: hasTransportCc(extensions),
      }),
    );
  }

  async publish(room: number, payloadTypes: ClientRtp): Promise<JanusFeed | undefined> {
    const layers = CAMERA_LAYERS[this.seat];
    if (layers.length === 0) return undefined;
    const transport = new WeriftTransport(payloadTypes);
    this.#transports.push(transport);
    transport.pace(layers.reduce((sum, layer) => sum + layer.bitrateBps, 0));
    const video = layers.map(() => transport.addOutStream('video'));
    const audio = transport.addOutStream('audio');
    const offer = await transport.localOffer();
    const handle = await this.session.attach();
    const event = await this.session.message(
      handle,
      {
        request: 'joinandconfigure',
        room,
        ptype: 'publisher',
        display: this.seat,
        audio: true,
        video: true,
      },
      {
        type: 'offer',
        sdp: foldSimulcast(
          offer,
          video.map((s) => s.ssrc),
        ),
      },
    );
    const data = roomData(event);
    if (!event.jsep) throw new Error(`janus gave ${this.seat} no answer`);
    await transport.applyAnswer(unfoldAnswer(event.jsep.sdp, offer));
    const withLevels = hasAudioLevel(payloadTypes.extensions);
    // The same packets as on mediasoup: Janus forwards what comes, DTX or not.
    const dtx = seatUsesDtx(this.seat, payloadTypes.dtx);
    // Every layer, always: Janus has no dynacast to tell the camera otherwise.
    const media = { layers, video, audio, withLevels, dtx };
    this.#camera = startSending(this.seat, media, this.#out, this.#timers);
    return feedOf(data.id as number, offer);
  }

  /** Subscribes to what the seat's view shows, then picks each camera's layer (substream). */
  async receive(
    room: number,
    payloadTypes: ClientRtp,
    feeds: Record<Seat, JanusFeed | undefined>,
  ): Promise<void> {
    const wanted = RECEPTION[this.seat].map(({ from, kind }) => {
      const feed = feeds[from]!;
      return { feed: feed.id, mid: kind === 'video' ? feed.videoMid : feed.audioMid };
    });
    this.#subscriber = await this.session.attach();
    const attached = await this.#join(room, wanted);
    const data = roomData(attached);
    if (!attached.jsep) throw new Error(`janus offered ${this.seat} nothing`);
    const transport = new WeriftTransport(payloadTypes);
    this.#transports.push(transport);
    const { answer, counters } = await transport.answerOffer(attached.jsep.sdp);
    const connected = transport.whenConnected();
    roomData(
      await this.session.message(
        this.#subscriber,
        { request: 'start' },
        { type: 'answer', sdp: answer },
      ),
    );
    await connected;
    this.#name(data, attached.jsep.sdp, wanted, counters);
    await this.#pickLayers();
  }

  /** Joins as the subscriber of `wanted`, asking again while a publisher is not up yet. */
  #join(room: number, wanted: { feed: number; mid: string }[]) {
    const join = { request: 'join', room, ptype: 'subscriber', streams: wanted };
    return askAgainWhile(() => this.session.message(this.#subscriber, join), 'No such feed', {
      attempts: FEED_ATTEMPTS,
      delayMs: FEED_RETRY_MS,
    });
  }

  /** Names each subscribed stream after the seat it comes from, with Janus's mid for it. */
  #name(
    data: Record<string, unknown>,
    offer: string,
    wanted: { feed: number; mid: string }[],
    counters: InCounter[],
  ): void {
    const streams = data.streams as { mid: string; feed_id: number; feed_mid: string }[];
    const offered = splitSdp(offer).sections.map(midOf);
    RECEPTION[this.seat].forEach(({ from, kind }, index) => {
      const stream = streams.find(
        (s) => s.feed_id === wanted[index]!.feed && s.feed_mid === wanted[index]!.mid,
      )!;
      this.#in.push({
        name: `${this.seat}<-${from}:${kind}`,
        counter: counters[offered.indexOf(stream.mid)]!,
        mid: stream.mid,
      });
    });
  }

  /** Each camera at the layer the seat's view shows it (Janus's substream). */
  async #pickLayers(): Promise<void> {
    const layers = RECEPTION[this.seat].flatMap(({ spatialLayer }, index) =>
      spatialLayer === undefined
        ? []
        : [{ mid: this.#in[index]!.mid, substream: spatialLayer, temporal: 2 }],
    );
    if (layers.length > 0)
      roomData(
        await this.session.message(this.#subscriber, { request: 'configure', streams: layers }),
      );
  }

  async swapSpotlight(): Promise<void> {
    const videos = this.#in.filter((_, index) => RECEPTION[this.seat][index]!.kind === 'video');
    if (this.seat !== 'tutor' || videos.length !== 2) return;
    this.#spotlightOnB = !this.#spotlightOnB;
    await this.session.message(this.#subscriber, {
      request: 'configure',
      streams: [
        { mid: videos[0]!.mid, substream: this.#spotlightOnB ? 0 : 1 },
        { mid: videos[1]!.mid, substream: this.#spotlightOnB ? 1 : 0 },
      ],
    });
  }

  counts(): StreamCount[] {
    return streamCounts(this.#out, this.#in);
  }

  async close(): Promise<void> {
    for (const timer of this.#timers) clearInterval(timer);
    this.#camera?.stop();
    await Promise.all(this.#transports.map((transport) => transport.close()));
    await this.session.destroy();
  }
}
