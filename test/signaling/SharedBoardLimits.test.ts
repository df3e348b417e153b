import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BoardUpdateError, SharedBoard } from '../../signaling/board/SharedBoard';
import {
  MAX_BOARD_BYTES,
  MAX_BOARD_ITEMS,
  MAX_BOARD_STROKES,
  MAX_BOARD_UPDATE_BYTES,
  MAX_STROKE_COORDINATES,
} from '../../signaling/board/boardLimits';
import { yjsBinarySchema, yjsSnapshotSchema } from '../../signaling/protocol/lesson';

/** A client document drawing on the board; its updates are what a client would send. */
class Drawer {
  readonly doc = new Y.Doc();
  #strokes = 0;

  constructor(board?: SharedBoard) {
    if (board) Y.applyUpdate(this.doc, board.snapshot());
  }

  /** The update adding `count` strokes of `points` random points each. */
  strokes(count: number, points: number): Uint8Array {
    const before = Y.encodeStateVector(this.doc);
    this.doc.transact(() => {
      for (let i = 0; i < count; i++) this.doc.getArray('strokes').push([this.#stroke(points)]);
    });
    return Y.encodeStateAsUpdate(this.doc, before);
  }

  #stroke(points: number): Y.Map<unknown> {
    const map = new Y.Map<unknown>(
      Object.entries({ id: `s${this.#strokes++}`, tool: 'pen', color: '#123456', width: 0.01 }),
    );
    const array = new Y.Array<number>();
    array.push(Array.from({ length: points * 2 }, () => Math.fround(Math.random())));
    map.set('points', array);
    return map;
  }
}

function refusal(action: () => void): string {
  try {
    action();
  } catch (error) {
    if (error instanceof BoardUpdateError) return error.refusal;
    throw error;
  }
  return 'accepted';
}

describe('SharedBoard limits: each is refused, and the board stays as it was', () => {
  it('refuses an update larger than MAX_BOARD_UPDATE_BYTES (invalid)', () => {
    const board = new SharedBoard();
    const update = new Drawer().strokes(60, 1000);
    expect(update.byteLength).toBeGreaterThan(MAX_BOARD_UPDATE_BYTES);
    expect(refusal(() => board.apply(update))).toBe('invalid');
    expect(new Y.Doc().getArray('strokes').length).toBe(0);
  });

  it('refuses a stroke with more than MAX_STROKE_COORDINATES numbers (invalid), created or extended', () => {
    const board = new SharedBoard();
    const drawer = new Drawer();
    expect(refusal(() => board.apply(drawer.strokes(1, MAX_STROKE_COORDINATES / 2 + 1)))).toBe(
      'invalid',
    );
    const fresh = new Drawer();
    const first = fresh.strokes(1, MAX_STROKE_COORDINATES / 2 - 1);
    board.apply(first);
    const before = Y.encodeStateVector(fresh.doc);
    const points = (fresh.doc.getArray('strokes').get(0) as Y.Map<unknown>).get(
      'points',
    ) as Y.Array<number>;
    points.push([0.5, 0.5, 0.5, 0.5]);
    expect(refusal(() => board.apply(Y.encodeStateAsUpdate(fresh.doc, before)))).toBe('invalid');
  });

  it('refuses more than MAX_BOARD_STROKES strokes (full)', () => {
    const drawer = new Drawer();
    let now = 0;
    const board = new SharedBoard({ now: () => now });
    for (let drawn = 0; drawn < MAX_BOARD_STROKES; drawn += 1000) {
      now += 60_000;
      board.apply(drawer.strokes(1000, 1));
    }
    expect(refusal(() => board.apply(drawer.strokes(1, 1)))).toBe('full');
  });

  it('refuses more than MAX_BOARD_ITEMS items (full)', () => {
    const board = new SharedBoard();
    const doc = new Y.Doc();
    const items = Array.from(
      { length: MAX_BOARD_ITEMS + 1 },
      (_, i) =>
        new Y.Map<unknown>(
          Object.entries({ id: `i${i}`, type: 'flashcard', label: 'x', x: 0, y: 0, width: 0.2 }),
        ),
    );
    doc.getArray('items').push(items);
    expect(refusal(() => board.apply(Y.encodeStateAsUpdate(doc)))).toBe('full');
  });

  it('refuses what would grow the board past MAX_BOARD_BYTES (full); clearing makes room', () => {
    let now = 0;
    const board = new SharedBoard({ now: () => now });
    const drawer = new Drawer();
    let outcome = 'accepted';
    while (outcome === 'accepted') {
      now += 60_000; // the budget is not what this test is about
      const update = drawer.strokes(20, 1000);
      outcome = refusal(() => board.apply(update));
      if (outcome !== 'accepted') break;
    }
    expect(outcome).toBe('full');
    // Fill what room is left with small strokes; then even a tiny one is refused until a deletion.
    let small = 'accepted';
    for (let i = 0; i < 1000 && small === 'accepted'; i++) {
      now += 60_000;
      small = refusal(() => board.apply(drawer.strokes(1, 200)));
    }
    expect(small).toBe('full');
    expect(refusal(() => board.apply(drawer.strokes(1, 200)))).toBe('full');
    expect(board.sizeBytes).toBeLessThanOrEqual(MAX_BOARD_BYTES);
    expect(
      yjsSnapshotSchema.safeParse(Buffer.from(board.snapshot()).toString('base64')).success,
    ).toBe(true);

    const clearer = new Drawer(board);
    const before = Y.encodeStateVector(clearer.doc);
    const strokes = clearer.doc.getArray('strokes');
    strokes.delete(0, strokes.length);
    board.apply(Y.encodeStateAsUpdate(clearer.doc, before));
    expect(board.sizeBytes).toBeLessThan(MAX_BOARD_BYTES / 10);
    now += 60_000;
    board.apply(new Drawer(board).strokes(10, 100));
  });

  it('refuses a lesson sending more than its byte budget (budget), and refills with time', () => {
    let now = 0;
    const board = new SharedBoard({ now: () => now });
    const drawer = new Drawer();
    const outcomes: string[] = [];
    for (let i = 0; i < 15; i++)
      outcomes.push(refusal(() => board.apply(drawer.strokes(20, 1000))));
    expect(outcomes).toContain('budget');
    now += 60_000;
    expect(refusal(() => board.apply(new Drawer(board).strokes(1, 10)))).toBe('accepted');
  });

  it('the wire limit for one update matches the board limit', () => {
    const justRight = Buffer.alloc(MAX_BOARD_UPDATE_BYTES).toString('base64');
    const tooBig = Buffer.alloc(MAX_BOARD_UPDATE_BYTES + 3).toString('base64');
    expect(yjsBinarySchema.safeParse(justRight).success).toBe(true);
    expect(yjsBinarySchema.safeParse(tooBig).success).toBe(false);
  });
});
