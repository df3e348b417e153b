import { fromBase64, toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import type { BoardDocument } from './BoardDocument';

/** How the board reaches the server; LessonClient implements it with syncBoard, updateBoard and boardUpdated. */
export interface BoardTransport {
  sync(stateVector: string): Promise<{ update: string; stateVector: string }>;
  send(update: string): Promise<void>;
  /** Returns the unsubscribe function. */
  onRemoteUpdate(listener: (update: string) => void): () => void;
}

export interface BoardSyncOptions {
  /** At most one message per interval while drawing; a stroke's end is sent at once. */
  flushIntervalMs?: number;
  /** A refused or malformed update; the next connect() repairs what was lost. */
  onError?: (error: unknown) => void;
  /**
   * A viewer that may not draw (inspector, coordinator): connect() only fetches. After a
   * server restart it may hold strokes the server lacks, but uploading them is a drawing
   * the server refuses (`forbidden`); a page allowed to draw brings them back.
   */
  readOnly?: boolean;
}

type SyncState = 'offline' | 'syncing' | 'online';

/** 50 ms keeps a stroke visibly live elsewhere while sending 20 messages a second at most. */
const DEFAULT_FLUSH_INTERVAL_MS = 50;

/**
 * Keeps a BoardDocument in step with the server's SharedBoard. Local changes
 * are batched and sent while online; call connect() after every (re)join:
 * it exchanges state vectors both ways, so strokes drawn offline survive.
 */
export class BoardSync {
  readonly #board: BoardDocument;
  readonly #transport: BoardTransport;
  readonly #flushIntervalMs: number;
  readonly #onError: (error: unknown) => void;
  readonly #readOnly: boolean;
  readonly #unsubscribes: Array<() => void>;
  #pending: Uint8Array[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #state: SyncState = 'offline';
  /** Bumped by connect() and disconnect(), so a slow, superseded sync cannot go online. */
  #generation = 0;

  constructor(board: BoardDocument, transport: BoardTransport, options: BoardSyncOptions = {}) {
    this.#board = board;
    this.#transport = transport;
    this.#flushIntervalMs = options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS;
    this.#onError = options.onError ?? ((error) => console.error('board sync failed', error));
    this.#readOnly = options.readOnly ?? false;
    this.#unsubscribes = [
      board.onLocalUpdate((update) => this.#handleLocalUpdate(update)),
      board.onStrokeEnded(() => void this.flush()),
      transport.onRemoteUpdate((update) => this.#handleRemoteUpdate(update)),
    ];
  }

  get online(): boolean {
    return this.#state === 'online';
  }

  /**
   * Two-way sync: fetch what the server has and we lack, then send what we
   * have and it lacks. Idempotent: Yjs ignores what it already holds.
   */
  async connect(): Promise<void> {
    const generation = ++this.#generation;
    this.#dropPending();
    this.#state = 'syncing';
    try {
      const reply = await this.#transport.sync(toBase64(this.#board.stateVector()));
      if (generation !== this.#generation) return;
      this.#board.applyRemoteUpdate(fromBase64(reply.update));
      // The upload holds every local change so far; later ones queue until we are online.
      this.#dropPending();
      const upload = this.#readOnly ? null : this.#board.updateSince(fromBase64(reply.stateVector));
      if (upload && !isEmptyUpdate(upload)) await this.#transport.send(toBase64(upload));
    } catch (error) {
      if (generation === this.#generation) this.#state = 'offline';
      throw error;
    }
    if (generation !== this.#generation) return;
    this.#state = 'online';
    if (this.#pending.length > 0) this.#scheduleFlush();
  }

  /** The connection dropped: stop sending; the next connect() uploads what was drawn meanwhile. */
  disconnect(): void {
    this.#generation++;
    this.#state = 'offline';
    this.#dropPending();
  }

  /** Sends the queued changes now, as one merged update. Never rejects (see onError). */
  async flush(): Promise<void> {
    this.#clearTimer();
    if (this.#state !== 'online' || this.#pending.length === 0) return;
    const update = this.#pending.length === 1 ? this.#pending[0]! : Y.mergeUpdates(this.#pending);
    this.#pending = [];
    try {
      await this.#transport.send(toBase64(update));
    } catch (error) {
      this.#onError(error);
    }
  }

  destroy(): void {
    this.disconnect();
    for (const unsubscribe of this.#unsubscribes) unsubscribe();
  }

  #handleLocalUpdate(update: Uint8Array): void {
    // Offline changes are not queued: connect() computes them from the document.
    if (this.#state === 'offline') return;
    this.#pending.push(update);
    if (this.#state === 'online') this.#scheduleFlush();
  }

  #handleRemoteUpdate(update: string): void {
    try {
      this.#board.applyRemoteUpdate(fromBase64(update));
    } catch (error) {
      this.#onError(error);
    }
  }

  #scheduleFlush(): void {
    this.#timer ??= setTimeout(() => void this.flush(), this.#flushIntervalMs);
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #dropPending(): void {
    this.#clearTimer();
    this.#pending = [];
  }
}

/** Nothing to send: no new structs and no deletions. */
function isEmptyUpdate(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size === 0;
}
