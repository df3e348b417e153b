import {
  RTCPeerConnection,
  RTCRtpCodecParameters,
  RtpHeader,
  RtpPacket,
  type MediaStreamTrack,
  type RTCRtpTransceiver,
} from 'werift';
import {
  AUDIO_LEVEL_URI,
  TRANSPORT_CC_URI,
  hasTransportCc,
  weriftHeaderExtensions,
  type ExtensionIds,
  type ExtensionSet,
} from './extensions';
import type { DtxSetting } from './dtx';
import { localFingerprint, sfuAnswer, type AnswerSection, type RemoteTransport } from './sdp';
import type { AudioLevel, RtpOut } from './synthetic';
import { TWCC_FEEDBACK_INTERVAL_MS, TwccFeedback } from './twcc';
import { Pacer } from './pacer';

/** The payload types the SFU's router uses, which werift must use too (no remapping on either end). */
export interface PayloadTypes {
  opus: number;
  vp8: number;
}

/** What a client negotiates: the router's payload types, and which header extensions (ids: the router's). */
export interface ClientRtp extends PayloadTypes {
  extensions: ExtensionSet;
  extensionIds: ExtensionIds;
  /** Whether the seats' pages produce their microphones with Opus DTX (dtx.ts); absent: off. */
  dtx?: DtxSetting;
}

/** One outgoing RTP stream (one simulcast layer or the microphone) on its own m-section. */
export interface OutStream {
  readonly ssrc: number;
  send(packet: RtpOut): void;
  /** Called when the SFU asks for a key frame. */
  onPli(listener: () => void): void;
  sent(): number;
}

/** What one incoming stream (a consumer) received: packets and the sequence span they cover. */
export interface InCounter {
  /** Distinct sequence numbers received. */
  packets: number;
  seen: Uint8Array;
  first: number | undefined;
  highest: number;
  cycles: number;
  /** The SSRC the SFU sends it with, when known (the SFU's counts are by SSRC). */
  ssrc?: number;
}

/** A werift RTCPeerConnection standing for one mediasoup transport, in one direction. */
export class WeriftTransport {
  readonly #pc: RTCPeerConnection;
  readonly #sections: AnswerSection[] = [];
  readonly #transceivers: RTCRtpTransceiver[] = [];
  #feedbackTimer: ReturnType<typeof setInterval> | undefined;
  #pacer: Pacer | undefined;

  constructor(readonly payloadTypes: ClientRtp) {
    this.#pc = new RTCPeerConnection({
      codecs: {
        audio: [
          new RTCRtpCodecParameters({
            mimeType: 'audio/opus',
            clockRate: 48000,
            channels: 2,
            payloadType: payloadTypes.opus,
          }),
        ],
        video: [
          new RTCRtpCodecParameters({
            mimeType: 'video/VP8',
            clockRate: 90000,
            payloadType: payloadTypes.vp8,
            rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }],
          }),
        ],
      },
      // The SFU tells streams apart by SSRC (no mid, no rid); the audio level and
      // transport-cc are what a browser adds (extensions.ts).
      headerExtensions: weriftHeaderExtensions(payloadTypes.extensions),
      iceAdditionalHostAddresses: ['127.0.0.1'],
      iceUseIpv6: false,
    });
  }

  /** Paces this transport's video as a browser does (pacer.ts), against its encoders' bitrate. */
  pace(bitrateBps: number): void {
    this.#pacer = new Pacer(bitrateBps);
  }

  addOutStream(kind: 'audio' | 'video'): OutStream {
    const transceiver = this.#pc.addTransceiver(kind, { direction: 'sendonly' });
    this.#add(transceiver, kind);
    const sender = transceiver.sender;
    let sequence = Math.floor(Math.random() * 0xffff);
    let sent = 0;
    const write = (out: RtpOut) => {
      sequence = (sequence + 1) & 0xffff;
      sent += 1;
      const header = new RtpHeader({
        sequenceNumber: sequence,
        timestamp: out.timestamp,
        marker: out.marker,
        extensions: this.#levelExtension(out.audioLevel),
      });
      void sender.sendRtp(new RtpPacket(header, out.payload));
    };
    return {
      ssrc: sender.ssrc,
      // Video through the transport's pacer when it has one; audio is never held (libwebrtc).
      send: (out) => {
        const pacer = kind === 'video' ? this.#pacer : undefined;
        if (pacer) pacer.enqueue(out.payload.length, () => write(out));
        else write(out);
      },
      onPli: (listener) => void sender.onPictureLossIndication.subscribe(listener),
      sent: () => sent,
    };
  }

  /** The audio-level extension (RFC 6464) at its negotiated id; werift adds transport-cc itself. */
  #levelExtension(level: AudioLevel | undefined): { id: number; payload: Buffer }[] {
    const id = level && this.#extensionId(AUDIO_LEVEL_URI);
    if (!level || id === undefined) return [];
    return [{ id, payload: Buffer.from([(level.voice ? 0x80 : 0) | (level.dBov & 0x7f)]) }];
  }

  /**
   * The id the negotiation gave `uri` (werift's `extIdUriMap` only knows what it receives,
   * so the transceivers' negotiated extensions are read instead).
   */
  #extensionId(uri: string): number | undefined {
    for (const transceiver of this.#pc.getTransceivers()) {
      const found = transceiver.headerExtensions.find((extension) => extension.uri === uri);
      if (found) return found.id;
    }
    return undefined;
  }

  /**
   * Answers every packet that carries a transport-wide sequence number with transport-cc
   * feedback, for the whole transport (twcc.ts), as a browser does.
   */
  #answerTransportCc(): void {
    if (!hasTransportCc(this.payloadTypes.extensions) || this.#feedbackTimer) return;
    const dtls = this.#pc.dtlsTransports[0];
    if (!dtls) return;
    const feedback = new TwccFeedback(Math.floor(Math.random() * 0xffffffff));
    let mediaSsrc = 0;
    const id = this.#extensionId(TRANSPORT_CC_URI);
    dtls.onRtp.subscribe((packet) => {
      const extension = packet.header.extensions.find((e) => e.id === id);
      if (!extension || extension.payload.length < 2) return;
      mediaSsrc = packet.header.ssrc;
      feedback.packetArrived(extension.payload.readUInt16BE(0), performance.now() * 1000);
    });
    this.#feedbackTimer = setInterval(() => {
      const packet = feedback.build(mediaSsrc);
      // werift's sendRtcp only serialises what it is given: the packet is already built.
      const rtcp = { serialize: () => packet } as unknown as Parameters<typeof dtls.sendRtcp>[0][0];
      if (packet) void dtls.sendRtcp([rtcp]).catch(() => undefined);
    }, TWCC_FEEDBACK_INTERVAL_MS);
  }

  /** A recvonly m-section for a consumer the SFU sends with `ssrc`; counts what arrives. */
  addInStream(kind: 'audio' | 'video', ssrc: number): InCounter {
    const transceiver = this.#pc.addTransceiver(kind, { direction: 'recvonly' });
    this.#add(transceiver, kind, ssrc);
    const counter = { ...newCounter(), ssrc };
    transceiver.onTrack.subscribe((track) => {
      track.onReceiveRtp.subscribe((rtp) => countPacket(counter, rtp.header.sequenceNumber));
    });
    return counter;
  }

  #add(transceiver: RTCRtpTransceiver, kind: 'audio' | 'video', sendSsrc?: number): void {
    this.#transceivers.push(transceiver);
    const payloadType = kind === 'audio' ? this.payloadTypes.opus : this.payloadTypes.vp8;
    this.#sections.push({ mid: '', kind, payloadType, sendSsrc });
  }

  /** What the answer's m-sections say about extensions (sdp.ts writes their a=extmap). */
  get #answerExtensions() {
    return { set: this.payloadTypes.extensions, ids: this.payloadTypes.extensionIds };
  }

  /**
   * Offer, then `connect` with werift's fingerprint (as DTLS client), then the SFU's answer.
   * Resolves once ICE and DTLS are up.
   */
  async negotiate(
    remote: RemoteTransport,
    connect: (fingerprint: { algorithm: string; value: string }) => Promise<void>,
  ): Promise<void> {
    const offer = await this.#pc.createOffer();
    await this.#pc.setLocalDescription(offer);
    this.#transceivers.forEach((t, i) => (this.#sections[i]!.mid = t.mid ?? String(i)));
    await connect(localFingerprint(this.#pc.localDescription!.sdp));
    const connected = this.#connected();
    await this.#pc.setRemoteDescription({
      type: 'answer',
      sdp: sfuAnswer(remote, this.#sections, this.#answerExtensions),
    });
    await connected;
    this.#answerTransportCc();
  }

  /** Janus publisher: werift's offer (after gathering), for the SFU to answer. */
  async localOffer(): Promise<string> {
    await this.#pc.setLocalDescription(await this.#pc.createOffer());
    return this.#pc.localDescription!.sdp;
  }

  /** Janus: applies the SFU's SDP answer and waits for ICE and DTLS. */
  async applyAnswer(sdp: string): Promise<void> {
    const connected = this.#connected();
    await this.#pc.setRemoteDescription({ type: 'answer', sdp: withoutTransportCcFeedback(sdp) });
    await connected;
    this.#answerTransportCc();
  }

  /** Janus subscriber: answers the SFU's offer, counting each offered stream; resolves with the answer. */
  async answerOffer(sdp: string): Promise<{ answer: string; counters: InCounter[] }> {
    await this.#pc.setRemoteDescription({ type: 'offer', sdp: withoutTransportCcFeedback(sdp) });
    const counters = this.#pc.getTransceivers().map((transceiver) => {
      const counter = newCounter();
      const count = (track: MediaStreamTrack) =>
        track.onReceiveRtp.subscribe((rtp) => countPacket(counter, rtp.header.sequenceNumber));
      // The track may already be there: werift adds it while applying the offer.
      transceiver.receiver.tracks.forEach(count);
      transceiver.onTrack.subscribe(count);
      return counter;
    });
    await this.#pc.setLocalDescription(await this.#pc.createAnswer());
    return { answer: this.#pc.localDescription!.sdp, counters };
  }

  /** Resolves once ICE and DTLS are up. */
  async whenConnected(): Promise<void> {
    await this.#connected();
    this.#answerTransportCc();
  }

  #connected(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.#pc.connectionState === 'connected') resolve();
      this.#pc.connectionStateChange.subscribe((state) => {
        if (state === 'connected') resolve();
        if (state === 'failed' || state === 'closed') reject(new Error(`transport ${state}`));
      });
    });
  }

  async close(): Promise<void> {
    clearInterval(this.#feedbackTimer);
    this.#pacer?.close();
    await this.#pc.close();
  }
}

/**
 * Hides the SFU's `transport-cc` feedback line from werift, whose own per-m-section feedback
 * would then start next to the transport's (the extmap line stays: it is what turns it on).
 */
function withoutTransportCcFeedback(sdp: string): string {
  return sdp
    .split('\r\n')
    .filter((line) => !/^a=rtcp-fb:\S+ transport-cc$/.test(line))
    .join('\r\n');
}

/**
 * Counts a packet once (a retransmission that fills a gap counts, a duplicate does not) and
 * extends the highest sequence number seen (with 16-bit wrap-around).
 */
function countPacket(counter: InCounter, sequence: number): void {
  if (counter.first === undefined) {
    counter.first = sequence;
    counter.highest = sequence;
    counter.seen[sequence] = 1;
    counter.packets += 1;
    return;
  }
  const delta = (sequence - counter.highest + 0x10000) & 0xffff;
  if (delta > 0 && delta < 0x8000) {
    // Forget what this sequence range held a cycle ago, then move the top.
    for (let step = 1; step <= delta; step++) counter.seen[(counter.highest + step) & 0xffff] = 0;
    if (sequence < counter.highest) counter.cycles += 1;
    counter.highest = sequence;
  }
  if (counter.seen[sequence]) return;
  counter.seen[sequence] = 1;
  counter.packets += 1;
}

function newCounter(): InCounter {
  return { packets: 0, seen: new Uint8Array(0x10000), first: undefined, highest: 0, cycles: 0 };
}

/** Packets expected from the first to the highest sequence number counted. */
export function expectedPackets(counter: InCounter): number {
  if (counter.first === undefined) return 0;
  return counter.cycles * 0x10000 + counter.highest - counter.first + 1;
}

/** One stream's count in a snapshot. */
export interface StreamCount {
  /** `seat<-from:kind` for a received stream, `seat:camera/L` or `seat:microphone` for a sent one. */
  name: string;
  packets: number;
  /** Received streams: packets the sequence numbers say were sent to this receiver. */
  expected?: number;
  /** The stream's SSRC where known, to match the SFU's own counts. */
  ssrc?: number;
}

/** What a seat sent and received so far: sent packets, and received against expected. */
export function streamCounts(
  sent: readonly { name: string; stream: OutStream }[],
  received: readonly { name: string; counter: InCounter }[],
): StreamCount[] {
  return [
    ...sent.map(({ name, stream }) => ({ name, packets: stream.sent(), ssrc: stream.ssrc })),
    ...received.map(({ name, counter }) => ({
      name,
      packets: counter.packets,
      expected: expectedPackets(counter),
      ssrc: counter.ssrc,
    })),
  ];
}
