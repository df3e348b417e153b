import {
  MediaRoom,
  RecoveryCancelledError,
  TypedEmitter,
  createRoomWhenAvailable,
  type ProducerSummary,
  type WorkerPool,
} from '../sfu';
import { assertRoomFor, mediaLimitsOf } from './admission';
import { SharedBoard } from './board/SharedBoard';
import { cameraPolicyFor, microphonePolicyFor } from './capturePolicy';
import { ProducerLayerTracker } from './dynacast/ProducerLayerTracker';
import { pupilGrantsVisibleTo } from './grants/grantHandlers';
import { PupilGrants } from './grants/PupilGrants';
import { LinkMonitor, announceLink, tellWeakLinks, type LinkMonitorOptions } from './linkState';
import { describeFor, type Participant } from './Participant';
import { qualityLevelOf } from './quality';
import {
  CAPABILITIES,
  ProtocolError,
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

/**
 * Where a participant stands in its lesson: `connected` once admitted,
 * `joined` after joinSession (it has a media peer and appears to others),
 * back to `connected` when the media room is rebuilt, `left` for good.
 */
export type ParticipantState = 'connected' | 'joined' | 'left';

const TRANSITIONS: Record<ParticipantState, readonly ParticipantState[]> = {
  connected: ['joined', 'left'],
  joined: ['connected', 'left'],
  left: [],
};

interface Member {
  participant: Participant;
  state: Exclude<ParticipantState, 'left'>;
}

/**
 * One lesson: its media room and its participants. Every message about a
 * participant goes out through `#sendAbout`, which asks `describeFor`
 * whether the receiver may know of that participant at all.
 */
export class LessonSession extends TypedEmitter<LessonSessionEvents> {
  readonly id: string;
  readonly #pool: WorkerPool;
  readonly #relay: RelayCredentials | null;
  /** Everyone present, with their state; a participant that left is no longer here. */
  readonly #members = new Map<string, Member>();
  readonly board = new SharedBoard();
  readonly #raisedHands = new Set<string>();
  /** Who holds the floor or the pen (pupils at home): lesson state, kept here only. */
  readonly grants = new PupilGrants();
  #room: Promise<MediaRoom>;
  /** The open room, when there is one; undefined while it is being rebuilt. */
  #currentRoom: MediaRoom | undefined;
  /** Dynacast for the current room: tells each sender which layers anyone watches. */
  #layers: ProducerLayerTracker | undefined;
  /** Which lines are too weak for video (issue 9): one lifecycle per visible participant. */
  readonly links: LinkMonitor;
  #closed = false;

  private constructor(options: LessonSessionOptions, room: MediaRoom) {
    super();
    this.id = options.id;
    this.#pool = options.pool;
    this.#relay = options.relay ?? null;
    this.#room = Promise.resolve(this.#wireRoom(room));
    this.links = new LinkMonitor(
      {
        participants: () => [...this.#joined()].filter((p) => p.visible),
        room: () => this.#currentRoom,
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
    return this.#room;
  }

  get size(): number {
    return this.#members.size;
  }

  /** The role of each connected participant, for the operators' metrics only. */
  roles(): Role[] {
    return [...this.#members.values()].map(({ participant }) => participant.role);
  }

  stateOf(participant: Participant): ParticipantState {
    const member = this.#members.get(participant.id);
    return member?.participant === participant ? member.state : 'left';
  }

  /**
   * Admits a new connection. The same person or whiteboard (token subject)
   * in the same role replaces its older connection, which is told why and
   * closed: a reloaded whiteboard must not appear twice. Otherwise a full
   * lesson refuses it (ProtocolError `unavailable`).
   */
  attach(participant: Participant): void {
    const older = this.#olderConnectionOf(participant);
    this.assertAdmissible(participant);
    this.#transition(participant, 'connected');
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
    this.#assertCanMove(participant, 'joined');
    const room = await this.#room;
    // It may have left, or joined through a concurrent request, while the room was awaited.
    this.#assertCanMove(participant, 'joined');
    // Shape checked by the protocol schema; mediasoup checks the rest in canConsume().
    room.addPeer(
      participant.id,
      rtpCapabilities as types.RtpCapabilities,
      mediaLimitsOf(participant),
    );
    this.#transition(participant, 'joined');
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
    const older = this.#olderConnectionOf(participant);
    const others = [...this.#members.values()]
      .map((member) => member.participant)
      .filter((other) => other !== older);
    assertRoomFor(participant, others);
  }

  /** Leaves for good (its socket is closed by the caller); a second call does nothing. */
  leave(participant: Participant): void {
    const from = this.stateOf(participant);
    if (from === 'left') return;
    this.#transition(participant, 'left');
    this.#raisedHands.delete(participant.id);
    this.grants.forget(participant.id);
    if (from === 'joined') {
      const room = this.#currentRoom;
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
    if (producer.kind === 'video') this.#layers?.addProducer(owner.id, producer.producerId);
    this.#sendAbout(owner, 'producerAdded', toProducerInfo(producer), 'consume');
  }

  /** A hidden viewer enlarged (or shrank) a tile; see `wantedSpatialLayer`. */
  setTileEnlarged(viewer: Participant, consumerId: string, enlarged: boolean): void {
    this.#layers?.setEnlarged(viewer.id, consumerId, enlarged);
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
      const subject = this.#members.get(id)?.participant;
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
    return this.#members.get(id)?.participant;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    void this.#room.then(
      (room) => room.close(),
      () => undefined,
    );
    this.#layers?.close();
    this.links.close();
    this.#members.clear();
    this.board.destroy();
    this.removeAllListeners();
  }

  *#joined(): Iterable<Participant> {
    for (const { participant, state } of this.#members.values())
      if (state === 'joined') yield participant;
  }

  #olderConnectionOf(participant: Participant): Participant | undefined {
    for (const { participant: other } of this.#members.values()) {
      if (other.subject === participant.subject && other.role === participant.role) return other;
    }
    return undefined;
  }

  #assertCanMove(participant: Participant, to: ParticipantState): void {
    const from = this.stateOf(participant);
    if (TRANSITIONS[from].includes(to)) return;
    const why = from === 'left' ? 'this connection has left the lesson' : `already ${from}`;
    throw new ProtocolError('conflict', why);
  }

  /** Every change of a participant's state goes through here. */
  #transition(participant: Participant, to: ParticipantState): void {
    const from = this.stateOf(participant);
    // A new participant is 'left' (absent) until admitted: admission is the one way in.
    if (!(from === 'left' && to === 'connected')) this.#assertCanMove(participant, to);
    if (to === 'left') this.#members.delete(participant.id);
    else this.#members.set(participant.id, { participant, state: to });
  }

  #producersVisibleTo(viewer: Participant, producers: ProducerSummary[]): ProducerInfo[] {
    return producers
      .filter((producer) => {
        const owner = this.#members.get(producer.peerId)?.participant;
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
    this.#currentRoom = room;
    this.#layers?.close();
    this.#layers = new ProducerLayerTracker(room, (id) => this.participant(id));
    room.on('activeSpeakerChanged', (peerId) => {
      const speaker = peerId ? this.participant(peerId) : undefined;
      if (!speaker) return;
      // The speaker hears it too, so a view that highlighted the previous speaker lets go.
      speaker.link.notify('activeSpeakerChanged', { participantId: speaker.id });
      this.#sendAbout(speaker, 'activeSpeakerChanged', { participantId: speaker.id });
    });
    room.on('consumerClosed', (peerId, consumerId) => {
      this.participant(peerId)?.link.notify('consumerClosed', { consumerId });
    });
    room.on('consumerLayersChanged', (peerId, consumerId, layers) => {
      this.participant(peerId)?.link.notify('consumerLayersChanged', {
        consumerId,
        spatialLayer: layers?.spatialLayer ?? null,
        temporalLayer: layers?.temporalLayer ?? null,
      });
    });
    room.on('workerDied', () => this.#rebuildRoom(room.workerIndex));
    return room;
  }

  /**
   * A dead worker took the router with it: build a new room elsewhere, retrying
   * until a worker is available (all may have died at once), then make clients
   * reconnect their media.
   */
  #rebuildRoom(deadWorker: number): void {
    if (this.#closed) return;
    this.#currentRoom = undefined;
    this.#room = createRoomWhenAvailable({
      pool: this.#pool,
      avoidWorker: deadWorker,
      cancelled: () => this.#closed,
      onAttemptFailed: (error, attempt, retryInMs) =>
        this.safeEmit('mediaRebuildFailed', error, attempt, retryInMs),
    }).then((room) => this.#adoptRebuiltRoom(room));
    // Rejected only when the session closed meanwhile; close() handles that.
    this.#room.catch(() => undefined);
  }

  #adoptRebuiltRoom(room: MediaRoom): MediaRoom {
    if (this.#closed) {
      room.close();
      throw new RecoveryCancelledError();
    }
    this.#wireRoom(room);
    for (const participant of [...this.#joined()]) this.#transition(participant, 'connected');
    for (const { participant } of this.#members.values()) {
      participant.link.notify('mediaReset', { reason: 'media server restarted' });
    }
    this.safeEmit('mediaRebuilt', room.workerIndex);
    return room;
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
