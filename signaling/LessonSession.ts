import { MediaRoom, TypedEmitter, type ProducerSummary, type WorkerPool } from '../sfu';
import { assertRoomFor, mediaLimitsOf } from './admission';
import { SharedBoard } from './board/SharedBoard';
import { cameraPolicyFor, microphonePolicyFor } from './capturePolicy';
import { pupilGrantsVisibleTo } from './grants/grantHandlers';
import { PupilGrants } from './grants/PupilGrants';
import { LinkMonitor, announceLink, tellWeakLinks, type LinkMonitorOptions } from './linkState';
import { describeFor, type Participant } from './Participant';
import { qualityLevelOf } from './quality';
import { LessonMedia, LessonMembers, type ParticipantState } from './session';
import {
  CAPABILITIES,
  mediaSourceSchema,
  type Capability,
  type IceServer,
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

/** Mints a participant's own relay credential (`TurnRelay`); absent when TURN is off. */
export interface RelayCredentials {
  iceServersFor(subject: string): IceServer[];
}

export interface LessonSessionOptions {
  id: string;
  pool: WorkerPool;
  relay?: RelayCredentials | null;
  /** The weak-line monitor's clock and sampling (tests drive it by hand). */
  links?: LinkMonitorOptions;
}

export type LessonSessionEvents = {
  participantJoined: [participant: Participant];
  participantLeft: [participant: Participant];
  /** The media room was rebuilt on another worker after its worker died. */
  mediaRebuilt: [workerIndex: number];
  /** One attempt to rebuild failed (e.g. every worker is dead); another follows within `retryInMs`. */
  mediaRebuildFailed: [error: unknown, attempt: number, retryInMs: number];
  /** A visible participant's own measurement of its connection (for reports). */
  qualityReported: [participant: Participant, report: QualityReport];
  empty: [];
};

export type { ParticipantState };

/**
 * One lesson: its media room and its participants. Every message about a
 * participant goes out through `#sendAbout`, which asks `describeFor`
 * whether the receiver may know of that participant at all. Its participants'
 * states are kept by `LessonMembers`, its room across worker deaths by `LessonMedia`.
 */
export class LessonSession extends TypedEmitter<LessonSessionEvents> {
  readonly id: string;
  readonly #relay: RelayCredentials | null;
  /** Everyone present, with their state; a participant that left is no longer here. */
  readonly #members = new LessonMembers();
  readonly board = new SharedBoard();
  readonly #raisedHands = new Set<string>();
  /** Who holds the floor or the pen (pupils at home): lesson state, kept here only. */
  readonly grants = new PupilGrants();
  readonly #media: LessonMedia;
  /** Which lines are too weak for video (issue 9): one lifecycle per visible participant. */
  readonly links: LinkMonitor;
  #closed = false;

  private constructor(options: LessonSessionOptions, room: MediaRoom) {
    super();
    this.id = options.id;
    this.#relay = options.relay ?? null;
    this.#media = new LessonMedia(options.pool, room, {
      participant: (id) => this.participant(id),
      sendAbout: (subject, name, payload) => this.#sendAbout(subject, name, payload),
      rebuilt: (rebuilt) => this.#resetAfterRebuild(rebuilt),
      rebuildFailed: (error, attempt, retryInMs) =>
        this.safeEmit('mediaRebuildFailed', error, attempt, retryInMs),
    });
    this.links = new LinkMonitor(
      {
        participants: () => [...this.#members.joined()].filter((p) => p.visible),
        room: () => this.#media.current,
        announce: (subject, summary) => announceLink(this, subject, summary),
      },
      options.links,
    );
  }

  static async create(options: LessonSessionOptions): Promise<LessonSession> {
    const room = await MediaRoom.create({ pool: options.pool });
    return new LessonSession(options, room);
  }

  /** The media room; while it is being rebuilt after a worker death, waits for the new one. */
  mediaRoom(): Promise<MediaRoom> {
    return this.#media.room();
  }

  get size(): number {
    return this.#members.size;
  }

  /** The role of each connected participant, for the operators' metrics only. */
  roles(): Role[] {
    return [...this.#members.all()].map((participant) => participant.role);
  }

  stateOf(participant: Participant): ParticipantState {
    return this.#members.stateOf(participant);
  }

  /**
   * Admits a new connection. The same person or whiteboard (token subject)
   * in the same role replaces its older connection, which is told why and
   * closed: a reloaded whiteboard must not appear twice. Otherwise a full
   * lesson refuses it (ProtocolError `unavailable`).
   */
  attach(participant: Participant): void {
    const older = this.#members.olderConnectionOf(participant);
    this.assertAdmissible(participant);
    this.#members.transition(participant, 'connected');
    if (!older) return;
    older.link.notify('connectionReplaced', { reason: 'this lesson was opened again elsewhere' });
    older.link.disconnect('replaced');
    this.leave(older);
  }

  /** What `participant` may do now: its role and link, and what it was granted in this lesson. */
  can(participant: Participant, capability: Capability): boolean {
    return participant.can(capability) || this.grants.has(participant.id, capability);
  }

  /** The same verdict as a list, for the participant's own page. */
  capabilitiesOf(participant: Participant): Capability[] {
    return CAPABILITIES.filter((capability) => this.can(participant, capability));
  }

  /** Everyone `viewer` may see, itself excluded. */
  participantsVisibleTo(viewer: Participant): ParticipantInfo[] {
    const result: ParticipantInfo[] = [];
    for (const other of this.#members.joined()) {
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
    this.#members.assertCanMove(participant, 'joined');
    const room = await this.#media.room();
    // It may have left, or joined through a concurrent request, while the room was awaited.
    this.#members.assertCanMove(participant, 'joined');
    // Shape checked by the protocol schema; mediasoup checks the rest in canConsume().
    room.addPeer(
      participant.id,
      rtpCapabilities as types.RtpCapabilities,
      mediaLimitsOf(participant),
    );
    this.#members.transition(participant, 'joined');
    this.links.restart(participant);
    this.#sendAbout(participant, 'participantJoined', participant.info());
    tellWeakLinks(this.links, participant);
    this.safeEmit('participantJoined', participant);
    return {
      self: participant.info(),
      participants: this.participantsVisibleTo(participant),
      producers: this.#producersVisibleTo(participant, room.producers(participant.id)),
      raisedHands: participant.can('viewStats') ? this.raisedHandsVisibleTo(participant) : [],
      capabilities: this.capabilitiesOf(participant),
      pupilGrants: pupilGrantsVisibleTo(this, participant),
      camera: cameraPolicyFor(participant),
      microphone: microphonePolicyFor(participant),
      // Minted per join for this connection alone: its opaque id says nothing of name or role.
      iceServers: this.#relay?.iceServersFor(participant.id) ?? [],
    };
  }

  /** Throws ProtocolError `unavailable` when `participant` would not fit (its older connection aside). */
  assertAdmissible(participant: Participant): void {
    const older = this.#members.olderConnectionOf(participant);
    const others = [...this.#members.all()].filter((other) => other !== older);
    assertRoomFor(participant, others);
  }

  /** Leaves for good (its socket is closed by the caller); a second call does nothing. */
  leave(participant: Participant): void {
    const from = this.stateOf(participant);
    if (from === 'left') return;
    this.#members.transition(participant, 'left');
    this.#raisedHands.delete(participant.id);
    this.grants.forget(participant.id);
    if (from === 'joined') {
      const room = this.#media.current;
      for (const producer of room?.producers() ?? []) {
        if (producer.peerId === participant.id)
          this.#sendAbout(participant, 'producerClosed', { producerId: producer.producerId });
      }
      room?.removePeer(participant.id);
      this.#sendAbout(participant, 'participantLeft', { participantId: participant.id });
      this.safeEmit('participantLeft', participant);
    }
    if (this.#members.size === 0) this.safeEmit('empty');
  }

  /** Tells everyone who may see the producer's owner and may receive media. */
  announceProducer(owner: Participant, producer: ProducerSummary): void {
    if (producer.kind === 'video') this.#media.layers?.addProducer(owner.id, producer.producerId);
    this.#sendAbout(owner, 'producerAdded', toProducerInfo(producer), 'consume');
  }

  /** A hidden viewer enlarged (or shrank) a tile; see `wantedSpatialLayer`. */
  setTileEnlarged(viewer: Participant, consumerId: string, enlarged: boolean): void {
    this.#media.layers?.setEnlarged(viewer.id, consumerId, enlarged);
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
    for (const receiver of this.#members.joined()) {
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
      const subject = this.#members.get(id);
      return subject !== undefined && describeFor(viewer, subject) !== null;
    });
  }

  reportQuality(participant: Participant, report: QualityReport): void {
    const payload = { participantId: participant.id, ...report, level: qualityLevelOf(report) };
    this.#sendAbout(participant, 'participantQualityChanged', payload, 'viewStats');
    if (participant.visible) this.safeEmit('qualityReported', participant, report);
    this.links.handleReport(participant, report);
  }

  /** Sources are stored as strings in mediasoup appData; only known ones were ever produced. */
  sourceOf(source: string): MediaSource {
    return mediaSourceSchema.parse(source);
  }

  participant(id: string): Participant | undefined {
    return this.#members.get(id);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#media.close();
    this.links.close();
    this.#members.clear();
    this.board.destroy();
    this.removeAllListeners();
  }

  #producersVisibleTo(viewer: Participant, producers: ProducerSummary[]): ProducerInfo[] {
    return producers
      .filter((producer) => {
        const owner = this.#members.get(producer.peerId);
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
    for (const receiver of this.#members.joined()) {
      if (receiver.id === subject.id) continue;
      if (receiverNeeds && !receiver.can(receiverNeeds)) continue;
      if (describeFor(receiver, subject) === null) continue;
      receiver.link.notify(name, payload);
    }
  }

  /** The room was rebuilt: every participant joins again, after being told to. */
  #resetAfterRebuild(room: MediaRoom): void {
    for (const participant of [...this.#members.joined()])
      this.#members.transition(participant, 'connected');
    for (const participant of this.#members.all()) {
      participant.link.notify('mediaReset', { reason: 'media server restarted' });
    }
    this.safeEmit('mediaRebuilt', room.workerIndex);
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
