import { MediaRoom, TypedEmitter, type ProducerSummary, type WorkerPool } from '../sfu';
import { SharedBoard } from './board/SharedBoard';
import { describeFor, type Participant } from './Participant';
import { qualityLevelOf } from './quality';
import {
  ProtocolError,
  mediaSourceSchema,
  type Capability,
  type MediaSource,
  type NotificationName,
  type NotificationPayload,
  type ParticipantInfo,
  type ProducerInfo,
  type QualityReport,
  type ResponseData,
  type Role,
  type RtpCapabilitiesWire,
} from './protocol';
import type { types } from 'mediasoup';

export interface LessonSessionOptions {
  id: string;
  pool: WorkerPool;
}

export type LessonSessionEvents = {
  participantJoined: [participant: Participant];
  participantLeft: [participant: Participant];
  /** The media room was rebuilt on another worker after its worker died. */
  mediaRebuilt: [workerIndex: number];
  mediaRebuildFailed: [error: unknown];
  /** A visible participant's own measurement of its connection (for reports). */
  qualityReported: [participant: Participant, report: QualityReport];
  empty: [];
};

const SOURCE_CAPABILITY: Record<MediaSource, Capability> = {
  camera: 'produceCamera',
  microphone: 'produceMicrophone',
  screen: 'produceScreen',
};

/**
 * One lesson: its media room and its participants. Every message about a
 * participant goes out through `#sendAbout`, which asks `describeFor`
 * whether the receiver may know of that participant at all.
 */
export class LessonSession extends TypedEmitter<LessonSessionEvents> {
  readonly id: string;
  readonly #pool: WorkerPool;
  readonly #participants = new Map<string, Participant>();
  readonly board = new SharedBoard();
  readonly #raisedHands = new Set<string>();
  #room: Promise<MediaRoom>;
  #closed = false;

  private constructor(options: LessonSessionOptions, room: MediaRoom) {
    super();
    this.id = options.id;
    this.#pool = options.pool;
    this.#room = Promise.resolve(this.#wireRoom(room));
  }

  static async create(options: LessonSessionOptions): Promise<LessonSession> {
    const room = await MediaRoom.create({ pool: options.pool });
    return new LessonSession(options, room);
  }

  /** The media room; while it is being rebuilt after a worker death, waits for the new one. */
  mediaRoom(): Promise<MediaRoom> {
    return this.#room;
  }

  get size(): number {
    return this.#participants.size;
  }

  /** The role of each connected participant, for the operators' metrics only. */
  roles(): Role[] {
    return [...this.#participants.values()].map((participant) => participant.role);
  }

  attach(participant: Participant): void {
    this.#participants.set(participant.id, participant);
  }

  /** Everyone `viewer` may see, itself excluded. */
  participantsVisibleTo(viewer: Participant): ParticipantInfo[] {
    const result: ParticipantInfo[] = [];
    for (const other of this.#joined()) {
      if (other.id === viewer.id) continue;
      const info = describeFor(viewer, other);
      if (info) result.push(info);
    }
    return result;
  }

  async join(
    participant: Participant,
    rtpCapabilities: RtpCapabilitiesWire,
  ): Promise<ResponseData<'joinSession'>> {
    if (participant.joined) throw new ProtocolError('conflict', 'already joined');
    const room = await this.#room;
    // Shape checked by the protocol schema; mediasoup checks the rest in canConsume().
    room.addPeer(participant.id, rtpCapabilities as types.RtpCapabilities);
    participant.joined = true;
    this.#sendAbout(participant, 'participantJoined', participant.info());
    this.safeEmit('participantJoined', participant);
    return {
      self: participant.info(),
      participants: this.participantsVisibleTo(participant),
      producers: this.#producersVisibleTo(participant, room.producers(participant.id)),
      raisedHands: participant.can('viewStats') ? this.raisedHandsVisibleTo(participant) : [],
    };
  }

  async leave(participant: Participant): Promise<void> {
    if (!this.#participants.delete(participant.id)) return;
    this.#raisedHands.delete(participant.id);
    if (participant.joined) {
      participant.joined = false;
      const room = await this.#room.catch(() => undefined);
      for (const producer of room?.producers() ?? []) {
        if (producer.peerId === participant.id)
          this.#sendAbout(participant, 'producerClosed', { producerId: producer.producerId });
      }
      room?.removePeer(participant.id);
      this.#sendAbout(participant, 'participantLeft', { participantId: participant.id });
      this.safeEmit('participantLeft', participant);
    }
    if (this.#participants.size === 0) this.safeEmit('empty');
  }

  assertCanProduce(participant: Participant, source: MediaSource): void {
    if (!participant.can(SOURCE_CAPABILITY[source])) {
      throw new ProtocolError('forbidden', `a ${participant.role} may not send ${source}`);
    }
  }

  /** Tells everyone who may see the producer's owner and may receive media. */
  announceProducer(owner: Participant, producer: ProducerSummary): void {
    this.#sendAbout(owner, 'producerAdded', toProducerInfo(producer), 'consume');
  }

  announceProducerChange(
    owner: Participant,
    name: 'producerClosed' | 'producerPaused' | 'producerResumed',
    producerId: string,
  ): void {
    this.#sendAbout(owner, name, { producerId }, 'consume');
  }

  /** Sends `name` about `subject` to every joined participant allowed to know of it. */
  notifyAbout<K extends NotificationName>(
    subject: Participant,
    name: K,
    payload: NotificationPayload<K>,
    receiverNeeds?: Capability,
  ) {
    this.#sendAbout(subject, name, payload, receiverNeeds);
  }

  /** Sends a message about nobody in particular (board updates, pushed content). */
  broadcast<K extends NotificationName>(
    name: K,
    payload: NotificationPayload<K>,
    receiverNeeds: Capability,
    except?: Participant,
  ) {
    for (const receiver of this.#joined()) {
      if (receiver !== except && receiver.can(receiverNeeds)) receiver.link.notify(name, payload);
    }
  }

  setHandRaised(participant: Participant, raised: boolean): void {
    if (raised === this.#raisedHands.has(participant.id)) return;
    if (raised) this.#raisedHands.add(participant.id);
    else this.#raisedHands.delete(participant.id);
    this.#sendAbout(
      participant,
      'handRaised',
      { participantId: participant.id, raised },
      'viewStats',
    );
  }

  /** Raised hands still up, in the order they went up, as `viewer` may see them. */
  raisedHandsVisibleTo(viewer: Participant): string[] {
    return [...this.#raisedHands].filter((id) => {
      const subject = this.#participants.get(id);
      return subject !== undefined && describeFor(viewer, subject) !== null;
    });
  }

  reportQuality(participant: Participant, report: QualityReport): void {
    const payload = { participantId: participant.id, ...report, level: qualityLevelOf(report) };
    this.#sendAbout(participant, 'participantQualityChanged', payload, 'viewStats');
    if (participant.visible) this.safeEmit('qualityReported', participant, report);
  }

  /** Sources are stored as strings in mediasoup appData; only known ones were ever produced. */
  sourceOf(source: string): MediaSource {
    return mediaSourceSchema.parse(source);
  }

  participant(id: string): Participant | undefined {
    return this.#participants.get(id);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    void this.#room.then(
      (room) => room.close(),
      () => undefined,
    );
    this.#participants.clear();
    this.board.destroy();
    this.removeAllListeners();
  }

  *#joined(): Iterable<Participant> {
    for (const participant of this.#participants.values())
      if (participant.joined) yield participant;
  }

  #producersVisibleTo(viewer: Participant, producers: ProducerSummary[]): ProducerInfo[] {
    return producers
      .filter((producer) => {
        const owner = this.#participants.get(producer.peerId);
        return owner !== undefined && describeFor(viewer, owner) !== null;
      })
      .map(toProducerInfo);
  }

  #sendAbout<K extends NotificationName>(
    subject: Participant,
    name: K,
    payload: NotificationPayload<K>,
    receiverNeeds?: Capability,
  ): void {
    for (const receiver of this.#joined()) {
      if (receiver.id === subject.id) continue;
      if (receiverNeeds && !receiver.can(receiverNeeds)) continue;
      if (describeFor(receiver, subject) === null) continue;
      receiver.link.notify(name, payload);
    }
  }

  #wireRoom(room: MediaRoom): MediaRoom {
    room.on('activeSpeakerChanged', (peerId) => {
      const speaker = peerId ? this.#participants.get(peerId) : undefined;
      if (speaker) this.#sendAbout(speaker, 'activeSpeakerChanged', { participantId: speaker.id });
    });
    room.on('consumerClosed', (peerId, consumerId) => {
      this.#participants.get(peerId)?.link.notify('consumerClosed', { consumerId });
    });
    room.on('consumerLayersChanged', (peerId, consumerId, layers) => {
      this.#participants.get(peerId)?.link.notify('consumerLayersChanged', {
        consumerId,
        spatialLayer: layers?.spatialLayer ?? null,
        temporalLayer: layers?.temporalLayer ?? null,
      });
    });
    room.on('workerDied', () => this.#rebuildRoom(room.workerIndex));
    return room;
  }

  /** A dead worker took the router with it: build a new room elsewhere and make clients reconnect their media. */
  #rebuildRoom(deadWorker: number): void {
    if (this.#closed) return;
    this.#room = MediaRoom.create({ pool: this.#pool, avoidWorker: deadWorker }).then((room) =>
      this.#wireRoom(room),
    );
    this.#room.then(
      (room) => {
        for (const participant of this.#joined()) participant.joined = false;
        for (const participant of this.#participants.values()) {
          participant.link.notify('mediaReset', { reason: 'media server restarted' });
        }
        this.safeEmit('mediaRebuilt', room.workerIndex);
      },
      (error: unknown) => this.safeEmit('mediaRebuildFailed', error),
    );
  }
}

function toProducerInfo(producer: ProducerSummary): ProducerInfo {
  return {
    producerId: producer.producerId,
    participantId: producer.peerId,
    kind: producer.kind,
    source: mediaSourceSchema.parse(producer.source),
    paused: producer.paused,
  };
}
