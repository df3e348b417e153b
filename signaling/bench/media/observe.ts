/*
 * What the mediasoup worker itself says is in use, read through mediasoup's
 * observer API (every worker, router, transport and producer this process
 * creates, Passerelle's or the bare router's alike): which producers carry the
 * audio level and transport-wide sequence numbers, which microphones use Opus DTX, which receive transports
 * have a bandwidth estimate (transport-cc feedback reached the worker), and how
 * often an ActiveSpeakerObserver named a dominant speaker.
 */
import type { types } from 'mediasoup';
import { loadMediasoup } from '../../../sfu/loadMediasoup';
import { AUDIO_LEVEL_URI, TRANSPORT_CC_URI } from './extensions';

export interface ExtensionCheck {
  microphones: number;
  microphonesWithLevel: number;
  /** Microphones produced with Opus DTX (`usedtx=1` in their codec parameters). */
  microphonesWithDtx: number;
  producers: number;
  producersWithTransportCc: number;
  /** The cameras' simulcast layers (one RTP stream each). */
  cameraLayers: number;
  /** Of those, how many carried nothing over the worker's last second: switched off (dynacast). */
  idleCameraLayers: number;
  /** WebRTC transports that send media (have consumers). */
  sendingTransports: number;
  /** Of those, how many report `availableOutgoingBitrate` (the send-side estimate). */
  transportsWithEstimate: number;
  /** The median estimate, bit/s, 0 when none. */
  medianEstimateBps: number;
  /**
   * Microphones an AudioLevelObserver, added for a moment after the window, heard above
   * -120 dBov (room noise is louder): the worker reads the levels the clients write.
   */
  microphonesHeard: number;
  /** `dominantspeaker` events of every ActiveSpeakerObserver (0 when there is none). */
  dominantSpeakerEvents: number;
  speakerObservers: number;
}

/** What the worker counted on one RTP stream (a producer's layer received, a consumer's sent). */
export interface SsrcStat {
  /** `producer` (the SFU received it) or `consumer` (the SFU sent it). */
  side: 'producer' | 'consumer';
  packets: number;
  retransmitted: number;
  /** Producer: lost by its sequence numbers; consumer: lost as the receiver's reports say. */
  lost: number;
  nacks: number;
}

const usesUri = (parameters: types.RtpParameters, uri: string) =>
  (parameters.headerExtensions ?? []).some((extension) => extension.uri === uri);

/** Watches the mediasoup objects created from now on, until `stop()`. */
export class MediasoupWatch {
  readonly #producers: types.Producer[] = [];
  readonly #transports: types.WebRtcTransport[] = [];
  readonly #consumers: types.Consumer[] = [];
  readonly #routers: types.Router[] = [];
  #speakerEvents = 0;
  #observers = 0;
  #stopped = false;

  static async start(): Promise<MediasoupWatch> {
    const mediasoup = await loadMediasoup();
    const watch = new MediasoupWatch();
    const onWorker = (worker: types.Worker) => watch.#watchWorker(worker);
    mediasoup.observer.on('newworker', onWorker);
    watch.stop = () => {
      watch.#stopped = true;
      mediasoup.observer.off('newworker', onWorker);
    };
    return watch;
  }

  stop: () => void = () => undefined;

  #watchWorker(worker: types.Worker): void {
    worker.observer.on('newrouter', (router) => {
      this.#routers.push(router);
      router.observer.on('newtransport', (transport) => {
        if (this.#stopped || !('iceParameters' in transport)) return;
        this.#transports.push(transport as types.WebRtcTransport);
        transport.observer.on('newproducer', (producer) => this.#producers.push(producer));
        transport.observer.on('newconsumer', (consumer) => this.#consumers.push(consumer));
      });
      router.observer.on('newrtpobserver', (observer) => {
        if (observer.constructor.name !== 'ActiveSpeakerObserver') return; // not an AudioLevelObserver
        this.#observers += 1;
        (observer as types.ActiveSpeakerObserver).on('dominantspeaker', () => {
          if (!this.#stopped) this.#speakerEvents += 1;
        });
      });
    });
  }

  /** The check, asked of the worker now (before the target closes). */
  async check(): Promise<ExtensionCheck> {
    const producers = this.#producers.filter((producer) => !producer.closed);
    const microphones = producers.filter((producer) => producer.kind === 'audio');
    const sending = this.#transports.filter((transport) => !transport.closed);
    const estimates: number[] = [];
    let withConsumers = 0;
    for (const transport of sending) {
      const dump = await transport.dump().catch(() => undefined);
      if (!dump || dump.consumerIds.length === 0) continue;
      withConsumers += 1;
      const [stats] = await transport.getStats().catch(() => []);
      if (stats?.availableOutgoingBitrate) estimates.push(stats.availableOutgoingBitrate);
    }
    estimates.sort((a, b) => a - b);
    const heard = await this.#microphonesHeard(microphones);
    const layerBitrates = (
      await Promise.all(
        producers
          .filter((producer) => producer.kind === 'video')
          .map((producer) => producer.getStats().catch(() => [])),
      )
    ).flatMap((streams) => streams.map((stream) => stream.bitrate));
    return {
      microphones: microphones.length,
      microphonesWithLevel: microphones.filter((p) => usesUri(p.rtpParameters, AUDIO_LEVEL_URI))
        .length,
      microphonesWithDtx: microphones.filter(
        (p) => p.rtpParameters.codecs[0]?.parameters?.usedtx === 1,
      ).length,
      producers: producers.length,
      producersWithTransportCc: producers.filter((p) => usesUri(p.rtpParameters, TRANSPORT_CC_URI))
        .length,
      cameraLayers: layerBitrates.length,
      idleCameraLayers: layerBitrates.filter((bitrate) => bitrate === 0).length,
      sendingTransports: withConsumers,
      transportsWithEstimate: estimates.length,
      medianEstimateBps: estimates[Math.floor(estimates.length / 2)] ?? 0,
      microphonesHeard: heard,
      dominantSpeakerEvents: this.#speakerEvents,
      speakerObservers: this.#observers,
    };
  }

  /**
   * Every open producer's and consumer's RTP stream counts, by SSRC (the clients count the same
   * SSRCs: what they sent, what they were sent), for attributing a lossy stream's loss.
   */
  async ssrcStats(): Promise<Map<number, SsrcStat>> {
    const stats = new Map<number, SsrcStat>();
    const add = (side: SsrcStat['side'], stat: types.ProducerStat | types.ConsumerStat) =>
      stats.set(stat.ssrc, {
        side,
        packets: stat.packetCount,
        retransmitted: stat.packetsRetransmitted,
        lost: stat.packetsLost,
        nacks: stat.nackPacketCount,
      });
    const open = <T extends { closed: boolean }>(list: T[]) => list.filter((item) => !item.closed);
    await Promise.all([
      ...open(this.#producers).map(async (producer) => {
        for (const stat of await producer.getStats().catch(() => [])) add('producer', stat);
      }),
      ...open(this.#consumers).map(async (consumer) => {
        // A consumer's stats hold its own outbound stream and its producer's current one.
        for (const stat of await consumer.getStats().catch(() => []))
          if (stat.type === 'outbound-rtp') add('consumer', stat);
      }),
    ]);
    return stats;
  }

  /** Listens to every microphone's level for 1.5 s on its own router's AudioLevelObserver. */
  async #microphonesHeard(microphones: types.Producer[]): Promise<number> {
    const heard = new Set<string>();
    const observers = await Promise.all(
      this.#routers
        .filter((router) => !router.closed)
        .map((router) =>
          router.createAudioLevelObserver({ interval: 250, threshold: -120, maxEntries: 100 }),
        ),
    );
    for (const observer of observers)
      observer.on('volumes', (volumes) => volumes.forEach((v) => heard.add(v.producer.id)));
    await Promise.all(
      microphones.map(async (producer) => {
        for (const observer of observers)
          await observer.addProducer({ producerId: producer.id }).catch(() => undefined);
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (const observer of observers) observer.close();
    return heard.size;
  }
}
