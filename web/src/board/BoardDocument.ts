import * as Y from 'yjs';
import {
  BOARD_ITEMS,
  BOARD_STROKES,
  boardItemSchema,
  boardStrokeFieldsSchema,
  type BoardItem,
  type BoardStrokeFields,
} from '../../../signaling/protocol';
import { Listeners } from './listeners';
import { BOARD_ASPECT_RATIO, type StrokeStyle } from './tools';

/** A stroke as read for rendering: `points` holds x,y pairs (fractions of width and height). */
export interface BoardStroke extends BoardStrokeFields {
  readonly points: readonly number[];
}

export interface StrokeStart extends StrokeStyle {
  x: number;
  y: number;
}

export interface BoardHistory {
  readonly canUndo: boolean;
  readonly canRedo: boolean;
}

/**
 * A point closer than this to the previous one (in board widths, about
 * 1.5 px on a 1920 px board) adds bytes for every classroom, not shape.
 */
const MIN_POINT_DISTANCE = 0.0008;

interface StrokeView {
  stroke: BoardStroke & { points: number[] };
  source: Y.Array<unknown>;
  /** How many entries of `source` were already read into `stroke.points`. */
  seen: number;
}

interface ActiveStroke {
  points: Y.Array<number>;
  lastX: number;
  lastY: number;
}

/**
 * One client's copy of the lesson board (see signaling/protocol/board.ts for
 * the layout). Drawing, undo and read-out; no DOM and no sockets, so the
 * board can be tested in Node and synchronised by BoardSync.
 */
export class BoardDocument {
  readonly #doc = new Y.Doc();
  readonly #strokes = this.#doc.getArray<unknown>(BOARD_STROKES);
  readonly #items = this.#doc.getArray<unknown>(BOARD_ITEMS);
  /** Stroke starts, clears: undoable. Point appends are not, so one stroke is one undo step. */
  readonly #editOrigin = Symbol('board-edit');
  readonly #pointsOrigin = Symbol('board-points');
  readonly #remoteOrigin = Symbol('board-remote');
  readonly #undoManager: Y.UndoManager;
  readonly #active = new Map<string, ActiveStroke>();
  readonly #views = new WeakMap<Y.Map<unknown>, StrokeView>();
  readonly #changed = new Listeners<[]>();
  readonly #strokeEnded = new Listeners<[strokeId: string]>();
  readonly #localUpdate = new Listeners<[update: Uint8Array]>();
  #nextStroke = 0;
  #version = 0;
  #itemsVersion = 0;
  #strokesCache = { version: -1, list: [] as readonly BoardStroke[] };
  #itemsCache = { version: -1, list: [] as readonly BoardItem[] };
  #history: BoardHistory = { canUndo: false, canRedo: false };

  constructor() {
    // Only this client's own edits are tracked: undo never touches another classroom's strokes.
    this.#undoManager = new Y.UndoManager([this.#strokes, this.#items], {
      trackedOrigins: new Set([this.#editOrigin]),
      captureTimeout: 0,
    });
    this.#doc.on('update', (update: Uint8Array, origin: unknown) => {
      this.#version++;
      if (origin !== this.#remoteOrigin) this.#localUpdate.emit(update);
      this.#changed.emit();
    });
    this.#items.observeDeep(() => this.#itemsVersion++);
  }

  /** Starts a stroke at one point; returns its id for extendStroke and endStroke. */
  startStroke(start: StrokeStart): string {
    const id = `${this.#doc.clientID.toString(36)}-${(this.#nextStroke++).toString(36)}`;
    const fields = boardStrokeFieldsSchema.parse({ ...pickStyle(start), id });
    const x = toCoordinate(start.x);
    const y = toCoordinate(start.y);
    const points = new Y.Array<number>();
    points.push([x, y]);
    const stroke = new Y.Map<unknown>(Object.entries(fields));
    stroke.set('points', points);
    this.#doc.transact(() => this.#strokes.push([stroke]), this.#editOrigin);
    this.#active.set(id, { points, lastX: x, lastY: y });
    return id;
  }

  /**
   * Appends x,y pairs (pass a pointer event's coalesced points together: one
   * transaction). Returns the pairs actually kept, for the caller to draw.
   */
  extendStroke(strokeId: string, points: readonly number[]): number[] {
    const active = this.#active.get(strokeId);
    if (!active) return [];
    const kept: number[] = [];
    for (let i = 0; i + 1 < points.length; i += 2) {
      const x = toCoordinate(points[i]);
      const y = toCoordinate(points[i + 1]);
      const dy = (y - active.lastY) / BOARD_ASPECT_RATIO;
      if (Math.hypot(x - active.lastX, dy) < MIN_POINT_DISTANCE) continue;
      kept.push(x, y);
      active.lastX = x;
      active.lastY = y;
    }
    if (kept.length > 0) this.#doc.transact(() => active.points.push(kept), this.#pointsOrigin);
    return kept;
  }

  endStroke(strokeId: string): void {
    if (this.#active.delete(strokeId)) this.#strokeEnded.emit(strokeId);
  }

  /** Removes every stroke and pushed item in one step, which the clearer can undo. */
  clear(): void {
    if (this.#strokes.length === 0 && this.#items.length === 0) return;
    this.#doc.transact(() => {
      this.#strokes.delete(0, this.#strokes.length);
      this.#items.delete(0, this.#items.length);
    }, this.#editOrigin);
  }

  undo(): boolean {
    return this.#undoManager.undo() !== null;
  }

  redo(): boolean {
    return this.#undoManager.redo() !== null;
  }

  get canUndo(): boolean {
    return this.#undoManager.canUndo();
  }

  get canRedo(): boolean {
    return this.#undoManager.canRedo();
  }

  /** Same object while nothing changed (a useSyncExternalStore snapshot). */
  history = (): BoardHistory => {
    const { canUndo, canRedo } = this;
    if (canUndo !== this.#history.canUndo || canRedo !== this.#history.canRedo)
      this.#history = { canUndo, canRedo };
    return this.#history;
  };

  /**
   * Valid strokes in drawing order. A stroke keeps its `points` array while
   * it grows, so a renderer can cache per array and draw only the new tail.
   */
  strokes = (): readonly BoardStroke[] => {
    if (this.#strokesCache.version === this.#version) return this.#strokesCache.list;
    const list: BoardStroke[] = [];
    for (const entry of this.#strokes.toArray()) {
      const stroke = entry instanceof Y.Map ? this.#readStroke(entry) : null;
      if (stroke) list.push(stroke);
    }
    this.#strokesCache = { version: this.#version, list };
    return list;
  };

  /** Valid pushed items; same array while the items did not change (a useSyncExternalStore snapshot). */
  items = (): readonly BoardItem[] => {
    if (this.#itemsCache.version === this.#itemsVersion) return this.#itemsCache.list;
    const list: BoardItem[] = [];
    for (const entry of this.#items.toArray()) {
      const parsed = entry instanceof Y.Map ? boardItemSchema.safeParse(entry.toJSON()) : null;
      // Parsing drops any field the layout does not know, a `url` smuggled in included.
      if (parsed?.success) list.push(parsed.data);
    }
    this.#itemsCache = { version: this.#itemsVersion, list };
    return list;
  };

  /** Any change, local or remote. Bound, for useSyncExternalStore. */
  onChange = (listener: () => void): (() => void) => this.#changed.add(listener);

  onStrokeEnded = (listener: (strokeId: string) => void): (() => void) =>
    this.#strokeEnded.add(listener);

  // Sync plumbing, used by BoardSync.

  stateVector(): Uint8Array {
    return Y.encodeStateVector(this.#doc);
  }

  /** What a peer holding `stateVector` lacks (all of it for an empty vector). */
  updateSince(stateVector: Uint8Array): Uint8Array {
    return Y.encodeStateAsUpdate(this.#doc, stateVector);
  }

  /** Applies another participant's update: never re-sent, never undone here. Throws if malformed. */
  applyRemoteUpdate(update: Uint8Array): void {
    Y.decodeUpdate(update);
    Y.applyUpdate(this.#doc, update, this.#remoteOrigin);
  }

  /** Every change made here (drawing, undo, clear), as a Yjs update to send. */
  onLocalUpdate = (listener: (update: Uint8Array) => void): (() => void) =>
    this.#localUpdate.add(listener);

  destroy(): void {
    this.#changed.clear();
    this.#strokeEnded.clear();
    this.#localUpdate.clear();
    this.#undoManager.destroy();
    this.#doc.destroy();
  }

  #readStroke(map: Y.Map<unknown>): BoardStroke | null {
    let view = this.#views.get(map);
    if (!view) {
      const fields = boardStrokeFieldsSchema.safeParse({
        id: map.get('id'),
        tool: map.get('tool'),
        color: map.get('color'),
        width: map.get('width'),
      });
      const source = map.get('points');
      if (!fields.success || !(source instanceof Y.Array)) return null;
      view = { stroke: { ...fields.data, points: [] }, source, seen: 0 };
      this.#views.set(map, view);
    }
    readNewPoints(view);
    return view.stroke;
  }
}

/** Points are only ever appended; anything else (a hostile peer) means reading afresh. */
function readNewPoints(view: StrokeView): void {
  if (view.source.length < view.seen) {
    view.stroke = { ...view.stroke, points: [] };
    view.seen = 0;
  }
  if (view.source.length === view.seen) return;
  const fresh = view.source.slice(view.seen);
  const pairs = fresh.length - (fresh.length % 2);
  for (let i = 0; i < pairs; i += 2) {
    const x = fresh[i];
    const y = fresh[i + 1];
    if (isCoordinate(x) && isCoordinate(y)) view.stroke.points.push(x, y);
  }
  view.seen += pairs;
}

function isCoordinate(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value <= 1;
}

/**
 * Clamped to the board, and rounded to float32, which Yjs encodes in 5 bytes
 * instead of 9: a lesson's board stays well under the protocol's size limit.
 */
function toCoordinate(value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value)) return 0;
  return Math.fround(Math.min(1, Math.max(0, value)));
}

function pickStyle({ tool, color, width }: StrokeStyle): StrokeStyle {
  return { tool, color, width };
}
