import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import {
  BOARD_ITEMS,
  BOARD_STROKES,
  boardItemSchema,
  boardStrokeFieldsSchema,
  type BoardItem,
  type PushedContent,
} from '../protocol';
import {
  BOARD_BURST_BYTES,
  BOARD_BYTES_PER_MINUTE,
  ByteBudget,
  MAX_BOARD_BYTES,
  MAX_BOARD_ITEMS,
  MAX_BOARD_STROKES,
  MAX_BOARD_UPDATE_BYTES,
  MAX_STROKE_COORDINATES,
} from './boardLimits';

/** How many items pushed content may pile up before the oldest make room. */
const MAX_PUSHED_ITEMS = 24;
const BOARD_ROOTS = new Set([BOARD_STROKES, BOARD_ITEMS]);

/** Why an update was refused: malformed, the board is full, or the lesson sends too much. */
export type BoardRefusal = 'invalid' | 'full' | 'budget';

export class BoardUpdateError extends Error {
  readonly refusal: BoardRefusal;

  constructor(message: string, refusal: BoardRefusal = 'invalid') {
    super(message);
    this.name = 'BoardUpdateError';
    this.refusal = refusal;
  }
}

export interface SharedBoardOptions {
  /** The clock of the per-lesson byte budget (tests move it). */
  now?: () => number;
}

/**
 * The authoritative copy of one lesson's board. Clients exchange Yjs updates
 * with it; it survives reconnects because it lives as long as the session.
 *
 * Every client update is first applied to a shadow copy and checked there:
 * Yjs can throw halfway through integrating a malformed update, and any
 * client that may draw could otherwise write any shape or picture address.
 * Only an update that integrates cleanly and keeps the board's layout
 * reaches the real document.
 */
export class SharedBoard {
  readonly #doc = new Y.Doc();
  #shadow = new Y.Doc();
  readonly #budget: ByteBudget;
  /** Exact encoded size at the last measure, plus the bytes accepted since (an upper bound). */
  #measuredBytes = 0;
  #bytesSinceMeasure = 0;
  /** Something was deleted since the last measure, so a full board may have room again. */
  #mayHaveShrunk = false;
  /** Counts accepted changes, so a snapshot is written only when there is something new. */
  #revision = 0;

  constructor(options: SharedBoardOptions = {}) {
    this.#budget = new ByteBudget(BOARD_BYTES_PER_MINUTE, BOARD_BURST_BYTES, options.now);
  }

  stateVector(): Uint8Array {
    return Y.encodeStateVector(this.#doc);
  }

  /** What a client holding `stateVector` is missing. */
  diffSince(stateVector: Uint8Array): Uint8Array {
    return Y.encodeStateAsUpdate(this.#doc, stateVector);
  }

  /** Applies a client's update, or throws BoardUpdateError and leaves the board as it was. */
  apply(update: Uint8Array): void {
    if (update.byteLength > MAX_BOARD_UPDATE_BYTES)
      throw new BoardUpdateError(`a board update may not exceed ${MAX_BOARD_UPDATE_BYTES} bytes`);
    if (!this.#budget.take(update.byteLength))
      throw new BoardUpdateError('the board is receiving too much: slow down', 'budget');
    const deletes = deletesSomething(update);
    if (deletes) this.#mayHaveShrunk = true;
    else this.#refuseWhileFull(update.byteLength);
    try {
      applyChecked(this.#shadow, update);
      this.#checkSize(update.byteLength);
    } catch (error) {
      this.#rebuildShadow();
      if (error instanceof BoardUpdateError) throw error;
      throw new BoardUpdateError(error instanceof Error ? error.message : String(error));
    }
    Y.applyUpdate(this.#doc, update, 'client');
    this.#revision += 1;
  }

  /** Bumped by every accepted change (client updates, placed content, a restore). */
  get revision(): number {
    return this.#revision;
  }

  /**
   * Starts from a snapshot this server (or another node) saved: it passed every check when
   * it was drawn, so only its integrity is checked here. Throws on a malformed one and
   * leaves the board as it was. Meant for a fresh board, before anyone syncs.
   */
  restore(snapshot: Uint8Array): void {
    const candidate = new Y.Doc();
    try {
      applyChecked(candidate, snapshot);
    } finally {
      candidate.destroy();
    }
    Y.applyUpdate(this.#doc, snapshot, 'server');
    this.#rebuildShadow();
    this.#measuredBytes = Y.encodeStateAsUpdate(this.#doc).byteLength;
    this.#bytesSinceMeasure = 0;
    this.#revision += 1;
  }

  /** The board's encoded size, measured now (tests, diagnostics). */
  get sizeBytes(): number {
    return Y.encodeStateAsUpdate(this.#doc).byteLength;
  }

  /** Places pushed content on the board; returns the update to broadcast. */
  place(content: Extract<PushedContent, { type: 'image' | 'flashcard' }>): Uint8Array {
    const items = this.#doc.getArray<Y.Map<unknown>>(BOARD_ITEMS);
    // Pushed items pass the same check as a client's (issue 8, row 10).
    const item = boardItemSchema.strict().parse(toBoardItem(content, items.length));
    const before = Y.encodeStateVector(this.#doc);
    this.#doc.transact(() => {
      if (items.length >= MAX_PUSHED_ITEMS) items.delete(0, items.length - MAX_PUSHED_ITEMS + 1);
      items.push([new Y.Map(Object.entries(item).filter(([, value]) => value !== undefined))]);
    }, 'server');
    const update = Y.encodeStateAsUpdate(this.#doc, before);
    Y.applyUpdate(this.#shadow, update);
    this.#bytesSinceMeasure += update.byteLength;
    this.#revision += 1;
    return update;
  }

  /** The whole board as one update (tests and snapshots). */
  snapshot(): Uint8Array {
    return Y.encodeStateAsUpdate(this.#doc);
  }

  destroy(): void {
    this.#doc.destroy();
    this.#shadow.destroy();
  }

  /**
   * Measuring means encoding the whole shadow, so it is done only when the
   * running bound (exact size at the last measure plus every byte accepted
   * since) passes the limit; deletions and merged points make it shrink.
   */
  #checkSize(updateBytes: number): void {
    if (this.#measuredBytes + this.#bytesSinceMeasure + updateBytes <= MAX_BOARD_BYTES) {
      this.#bytesSinceMeasure += updateBytes;
      return;
    }
    const exact = Y.encodeStateAsUpdate(this.#shadow).byteLength;
    this.#mayHaveShrunk = false;
    this.#bytesSinceMeasure = 0;
    if (exact > MAX_BOARD_BYTES) {
      this.#measuredBytes = Math.max(0, exact - updateBytes);
      throw fullBoard();
    }
    this.#measuredBytes = exact;
  }

  /**
   * On a full board, refuses what only adds without touching the shadow:
   * measuring and rebuilding a 2 MB board for every refused stroke would let
   * a client keep the server busy. Only a deletion (clearing) can make room.
   */
  #refuseWhileFull(updateBytes: number): void {
    if (this.#mayHaveShrunk || this.#bytesSinceMeasure > 0) return;
    if (this.#measuredBytes + updateBytes > MAX_BOARD_BYTES) throw fullBoard();
  }

  #rebuildShadow(): void {
    this.#shadow.destroy();
    this.#shadow = new Y.Doc();
    Y.applyUpdate(this.#shadow, Y.encodeStateAsUpdate(this.#doc));
  }
}

function fullBoard(): BoardUpdateError {
  return new BoardUpdateError('the board is full: clear it to draw again', 'full');
}

/** Throws on a malformed update (Yjs reads it without applying anything). */
function deletesSomething(update: Uint8Array): boolean {
  try {
    return Y.decodeUpdate(update).ds.clients.size > 0;
  } catch (error) {
    throw new BoardUpdateError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Applies `update` to `doc`, then checks what it added against the board's
 * layout. Only the added part is checked: everything already there passed
 * before, and a stroke grows by a few points twenty times a second.
 */
function applyChecked(doc: Y.Doc, update: Uint8Array): void {
  const changes: Change[] = [];
  // Yjs only lets an event's changes be read inside its handler.
  const collect = (batch: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    for (const event of batch) {
      const added = [...event.changes.added].flatMap((item) => item.content.getContent());
      changes.push({ target: event.target, added });
    }
  };
  const strokes = doc.getArray(BOARD_STROKES);
  const items = doc.getArray(BOARD_ITEMS);
  strokes.observeDeep(collect);
  items.observeDeep(collect);
  try {
    Y.applyUpdate(doc, update);
  } finally {
    strokes.unobserveDeep(collect);
    items.unobserveDeep(collect);
  }
  for (const key of doc.share.keys()) {
    if (!BOARD_ROOTS.has(key)) throw new Error(`unknown board part ${key}`);
  }
  for (const change of changes) checkChanged(change, strokes, items);
  if (strokes.length > MAX_BOARD_STROKES)
    throw new BoardUpdateError(
      `the board is full (${MAX_BOARD_STROKES} strokes): clear it`,
      'full',
    );
  if (items.length > MAX_BOARD_ITEMS)
    throw new BoardUpdateError(`the board is full (${MAX_BOARD_ITEMS} pictures): clear it`, 'full');
}

interface Change {
  target: Y.AbstractType<unknown>;
  added: unknown[];
}

function checkChanged(
  { target, added }: Change,
  strokes: Y.Array<unknown>,
  items: Y.Array<unknown>,
) {
  if (target === strokes) added.forEach(checkStroke);
  else if (target === items) added.forEach(checkItem);
  else if (target instanceof Y.Map) checkStrokeOrItemMap(target, strokes);
  else if (target instanceof Y.Array) {
    checkPointCount(target.length);
    checkPointValues(added);
  }
}

function checkPointCount(coordinates: number): void {
  if (coordinates > MAX_STROKE_COORDINATES)
    throw new BoardUpdateError(`a stroke may have at most ${MAX_STROKE_COORDINATES / 2} points`);
}

function checkStroke(stroke: unknown): void {
  if (!(stroke instanceof Y.Map)) throw new Error('a stroke must be a map');
  const { points, ...fields } = stroke.toJSON() as Record<string, unknown>;
  boardStrokeFieldsSchema.parse(fields);
  const source = stroke.get('points');
  if (!(source instanceof Y.Array) || !Array.isArray(points))
    throw new Error('a stroke needs points');
  checkPointCount(points.length);
  checkPointValues(points);
}

function checkItem(item: unknown): void {
  if (!(item instanceof Y.Map)) throw new Error('an item must be a map');
  // strict(): an item carries a material id, never an address (no `url` field at all).
  boardItemSchema.strict().parse(item.toJSON());
}

function checkStrokeOrItemMap(map: Y.Map<unknown>, strokes: Y.Array<unknown>): void {
  if (map.parent === strokes) checkStroke(map);
  else checkItem(map);
}

/** Points are x,y fractions of the board. */
function checkPointValues(points: readonly unknown[]): void {
  for (const value of points) {
    if (typeof value !== 'number' || !(value >= 0 && value <= 1))
      throw new Error('points are fractions 0..1');
  }
}

/** New items cascade from the top-left so several pushes stay visible. */
function toBoardItem(
  content: Extract<PushedContent, { type: 'image' | 'flashcard' }>,
  index: number,
): BoardItem {
  const offset = (index % 6) * 0.05;
  const common = { id: randomUUID(), x: 0.05 + offset, y: 0.05 + offset, width: 0.3 };
  return content.type === 'image'
    ? { ...common, type: 'image', materialId: content.materialId, label: content.title }
    : { ...common, type: 'flashcard', materialId: content.materialId, label: content.word };
}
