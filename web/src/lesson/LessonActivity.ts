import type {
  ClassroomSignal,
  NotificationPayload,
  ParticipantLinkState,
  ParticipantQuality,
  PushedContent,
} from '../../../signaling/protocol';

/** A class's latest network check, when it found a weak line or only the relay (tutor only). */
export type LineReadiness = NotificationPayload<'lineReadinessKnown'>;
import { request, type LessonSocket } from './signalingClient';
import { Store } from './store';

export interface SignalNotice {
  id: number;
  participantId: string;
  signal: ClassroomSignal;
  at: number;
}

/** The lesson layer's state (see web/STATE.md): hands, signals, quality, pushed content. */
export interface ActivityState {
  /** Participant ids with a hand up, oldest first. */
  raisedHands: string[];
  ownHandRaised: boolean;
  signals: SignalNotice[];
  quality: Record<string, ParticipantQuality>;
  lineReadiness: Record<string, LineReadiness>;
  /** Lines the server found too weak for video (this page's own included); absent: full. */
  links: Record<string, ParticipantLinkState>;
  mutedByTutor: boolean;
  lastPushed: { content: PushedContent; at: number } | null;
}

/** What the shared board needs from the connection (see web/src/board). */
export interface BoardTransport {
  sync(stateVector: string): Promise<{ update: string; stateVector: string }>;
  send(update: string): Promise<void>;
  onRemoteUpdate(listener: (update: string) => void): () => void;
  /** Called after every (re)join, when the board must resynchronise. */
  onJoined(listener: () => void): () => void;
}

const MAX_SIGNALS = 20;

/** Raise hand, classroom signals, pushed content, tutor moderation and quality, over the lesson's socket. */
export class LessonActivity {
  readonly store = new Store<ActivityState>({
    raisedHands: [],
    ownHandRaised: false,
    signals: [],
    quality: {},
    lineReadiness: {},
    links: {},
    mutedByTutor: false,
    lastPushed: null,
  });
  readonly #socket: LessonSocket;
  readonly #joinedListeners = new Set<() => void>();
  #nextSignalId = 1;

  constructor(socket: LessonSocket) {
    this.#socket = socket;
    socket.on('handRaised', ({ participantId, raised }) => this.#setHand(participantId, raised));
    socket.on('classroomSignalled', ({ participantId, signal }) =>
      this.#addSignal(participantId, signal),
    );
    socket.on('participantQualityChanged', (quality) =>
      this.store.set((s) => ({ quality: { ...s.quality, [quality.participantId]: quality } })),
    );
    socket.on('lineReadinessKnown', (note) =>
      this.store.set((s) => ({
        lineReadiness: { ...s.lineReadiness, [note.participantId]: note },
      })),
    );
    socket.on('contentPushed', ({ content }) =>
      this.store.set({ lastPushed: { content, at: Date.now() } }),
    );
    socket.on('mutedByTutor', ({ muted }) => this.store.set({ mutedByTutor: muted }));
    socket.on('linkStateChanged', (link) => this.#setLink(link));
    // A new connection starts with every line full; its join tells again which are not.
    socket.on('disconnect', () => this.store.set({ links: {} }));
    socket.on('participantLeft', ({ participantId }) => this.#forget(participantId));
  }

  /** Called by LessonClient after each successful join. */
  handleJoined(raisedHands: string[]): void {
    this.store.set({ raisedHands, ownHandRaised: false, mutedByTutor: false });
    for (const listener of this.#joinedListeners) listener();
  }

  async raiseHand(raised: boolean): Promise<void> {
    await request(this.#socket, 'raiseHand', { raised });
    this.store.set({ ownHandRaised: raised });
  }

  async sendSignal(signal: ClassroomSignal): Promise<void> {
    await request(this.#socket, 'sendClassroomSignal', { signal });
  }

  async pushContent(content: PushedContent): Promise<void> {
    await request(this.#socket, 'pushContent', { content });
    this.store.set({ lastPushed: { content, at: Date.now() } });
  }

  async setParticipantMuted(participantId: string, muted: boolean): Promise<void> {
    await request(this.#socket, 'muteParticipant', { participantId, muted });
  }

  dismissSignal(id: number): void {
    this.store.set((s) => ({ signals: s.signals.filter((notice) => notice.id !== id) }));
  }

  boardTransport(): BoardTransport {
    const socket = this.#socket;
    return {
      sync: (stateVector) => request(socket, 'syncBoard', { stateVector }),
      send: async (update) => void (await request(socket, 'updateBoard', { update })),
      onRemoteUpdate: (listener) => {
        const handler = ({ update }: { update: string }) => listener(update);
        socket.on('boardUpdated', handler);
        return () => void socket.off('boardUpdated', handler);
      },
      onJoined: (listener) => {
        this.#joinedListeners.add(listener);
        return () => void this.#joinedListeners.delete(listener);
      },
    };
  }

  #setHand(participantId: string, raised: boolean): void {
    this.store.set((s) => ({
      raisedHands: raised
        ? [...s.raisedHands.filter((id) => id !== participantId), participantId]
        : s.raisedHands.filter((id) => id !== participantId),
    }));
  }

  #addSignal(participantId: string, signal: ClassroomSignal): void {
    const notice = { id: this.#nextSignalId++, participantId, signal, at: Date.now() };
    this.store.set((s) => ({ signals: [...s.signals, notice].slice(-MAX_SIGNALS) }));
  }

  #setLink(link: ParticipantLinkState): void {
    this.store.set((s) => {
      const links = { ...s.links };
      if (link.state === 'full') delete links[link.participantId];
      else links[link.participantId] = link;
      return { links };
    });
  }

  #forget(participantId: string): void {
    this.store.set((s) => {
      const quality = { ...s.quality };
      const links = { ...s.links };
      delete quality[participantId];
      const lineReadiness = { ...s.lineReadiness };
      delete lineReadiness[participantId];
      delete links[participantId];
      const raisedHands = s.raisedHands.filter((id) => id !== participantId);
      return { raisedHands, quality, lineReadiness, links };
    });
  }
}
