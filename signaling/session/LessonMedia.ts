import type { MediaRoom } from '../../sfu';
import { RecoveryCancelledError, createRoomWhenAvailable, type WorkerPool } from '../../sfu';
import { ProducerLayerTracker } from '../dynacast/ProducerLayerTracker';
import type { Participant } from '../Participant';

/** What the lesson's media needs of its session: who is who, and how to tell them. */
export interface LessonMediaHooks {
  participant(id: string): Participant | undefined;
  /** Sends the room's news about `subject` to everyone allowed to know of it. */
  sendAbout(
    subject: Participant,
    name: 'activeSpeakerChanged',
    payload: { participantId: string },
  ): void;
  /** A new room replaced the dead one (already wired): the session resets its participants. */
  rebuilt(room: MediaRoom): void;
  /** One attempt to rebuild failed; another follows within `retryInMs`. */
  rebuildFailed(error: unknown, attempt: number, retryInMs: number): void;
}

/**
 * One lesson's media room across its worker's deaths: the open room and its dynacast tracker,
 * the room's notifications relayed to the participants, and the rebuild on another worker
 * when the worker dies. Owned by its `LessonSession`, closed with it.
 */
export class LessonMedia {
  readonly #pool: WorkerPool;
  readonly #hooks: LessonMediaHooks;
  #room: Promise<MediaRoom>;
  /** The open room, when there is one; undefined while it is being rebuilt. */
  #current: MediaRoom | undefined;
  /** Dynacast for the current room: tells each sender which layers anyone watches. */
  #layers: ProducerLayerTracker | undefined;
  #closed = false;

  constructor(pool: WorkerPool, room: MediaRoom, hooks: LessonMediaHooks) {
    this.#pool = pool;
    this.#hooks = hooks;
    this.#room = Promise.resolve(this.#wire(room));
  }

  /** The media room; while it is being rebuilt after a worker death, waits for the new one. */
  room(): Promise<MediaRoom> {
    return this.#room;
  }

  get current(): MediaRoom | undefined {
    return this.#current;
  }

  get layers(): ProducerLayerTracker | undefined {
    return this.#layers;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    void this.#room.then(
      (room) => room.close(),
      () => undefined,
    );
    this.#layers?.close();
  }

  #wire(room: MediaRoom): MediaRoom {
    this.#current = room;
    this.#layers?.close();
    this.#layers = new ProducerLayerTracker(room, (id) => this.#hooks.participant(id));
    room.on('activeSpeakerChanged', (peerId) => {
      const speaker = peerId ? this.#hooks.participant(peerId) : undefined;
      if (!speaker) return;
      // The speaker hears it too, so a view that highlighted the previous speaker lets go.
      speaker.link.notify('activeSpeakerChanged', { participantId: speaker.id });
      this.#hooks.sendAbout(speaker, 'activeSpeakerChanged', { participantId: speaker.id });
    });
    room.on('consumerClosed', (peerId, consumerId) => {
      this.#hooks.participant(peerId)?.link.notify('consumerClosed', { consumerId });
    });
    room.on('consumerLayersChanged', (peerId, consumerId, layers) => {
      this.#hooks.participant(peerId)?.link.notify('consumerLayersChanged', {
        consumerId,
        spatialLayer: layers?.spatialLayer ?? null,
        temporalLayer: layers?.temporalLayer ?? null,
      });
    });
    room.on('workerDied', () => this.#rebuild(room.workerIndex));
    return room;
  }

  /**
   * A dead worker took the router with it: build a new room elsewhere, retrying
   * until a worker is available (all may have died at once), then make clients
   * reconnect their media.
   */
  #rebuild(deadWorker: number): void {
    if (this.#closed) return;
    this.#current = undefined;
    this.#room = createRoomWhenAvailable({
      pool: this.#pool,
      avoidWorker: deadWorker,
      cancelled: () => this.#closed,
      onAttemptFailed: (error, attempt, retryInMs) =>
        this.#hooks.rebuildFailed(error, attempt, retryInMs),
    }).then((room) => this.#adopt(room));
    // Rejected only when the session closed meanwhile; close() handles that.
    this.#room.catch(() => undefined);
  }

  #adopt(room: MediaRoom): MediaRoom {
    if (this.#closed) {
      room.close();
      throw new RecoveryCancelledError();
    }
    this.#wire(room);
    this.#hooks.rebuilt(room);
    return room;
  }
}
