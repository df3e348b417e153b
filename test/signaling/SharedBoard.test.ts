import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BoardUpdateError, SharedBoard } from '../../signaling/board/SharedBoard';

/** Builds a client update with plain Yjs, as any client (or attacker) could. */
function updateOf(build: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  build(doc);
  return Y.encodeStateAsUpdate(doc);
}

function stroke(points: number[], fields: Record<string, unknown> = {}) {
  const map = new Y.Map<unknown>(
    Object.entries({ id: 's1', tool: 'pen', color: '#ff0000', width: 0.01, ...fields }),
  );
  const array = new Y.Array<number>();
  array.push(points);
  map.set('points', array);
  return map;
}

function pushItem(fields: Record<string, unknown>) {
  return (doc: Y.Doc) =>
    doc
      .getArray('items')
      .push([
        new Y.Map<unknown>(
          Object.entries({ id: 'i', type: 'image', label: 'x', x: 0, y: 0, width: 0.2, ...fields }),
        ),
      ]);
}

describe('SharedBoard refuses what does not fit the board, and changes nothing then', () => {
  it('accepts a well-formed stroke', () => {
    const board = new SharedBoard();
    board.apply(updateOf((doc) => doc.getArray('strokes').push([stroke([0.1, 0.2, 0.3, 0.4])])));
    const copy = new Y.Doc();
    Y.applyUpdate(copy, board.snapshot());
    expect(copy.getArray('strokes').length).toBe(1);
  });

  it.each([
    ['an unknown part of the document', (doc: Y.Doc) => doc.getMap('secrets').set('x', 1)],
    ['points off the board', (doc: Y.Doc) => doc.getArray('strokes').push([stroke([0.1, 7])])],
    [
      'a stroke colour that is not #rrggbb',
      (doc: Y.Doc) => doc.getArray('strokes').push([stroke([0.1, 0.1], { color: 'url(x)' })]),
    ],
    ['a stroke that is not a map', (doc: Y.Doc) => doc.getArray('strokes').push(['scribble'])],
    ['a picture with a javascript: address', pushItem({ url: 'javascript:alert(1)' })],
    // Row 5 of issue 8: an external picture tells its host who watches, the inspector included.
    ['a picture at an external https address', pushItem({ url: 'https://tracker.example/a.png' })],
    ['a material id that is a path', pushItem({ materialId: '../../metrics' })],
    ['a material id that is an address', pushItem({ materialId: 'https://x.example/a' })],
  ])('refuses %s (BoardUpdateError)', (_what, build) => {
    const board = new SharedBoard();
    board.apply(updateOf((doc) => doc.getArray('strokes').push([stroke([0.5, 0.5])])));
    const before = board.snapshot();
    expect(() => board.apply(updateOf(build))).toThrow(BoardUpdateError);
    expect(board.snapshot()).toEqual(before);
  });

  it('accepts a picture that references a material by id', () => {
    const board = new SharedBoard();
    board.apply(updateOf(pushItem({ materialId: 'material-0d6f' })));
    const copy = new Y.Doc();
    Y.applyUpdate(copy, board.snapshot());
    expect(copy.getArray('items').toJSON()).toMatchObject([{ materialId: 'material-0d6f' }]);
  });

  it('places pushed content through the same item check', () => {
    const board = new SharedBoard();
    board.place({ type: 'flashcard', word: 'dog', materialId: 'material-dog' });
    const hostile = { type: 'image', materialId: 'a b/c', title: 'x' } as const;
    expect(() => board.place(hostile)).toThrow();
    const copy = new Y.Doc();
    Y.applyUpdate(copy, board.snapshot());
    expect(copy.getArray('items').toJSON()).toMatchObject([
      { materialId: 'material-dog', label: 'dog' },
    ]);
  });

  it('still accepts good updates after refusing a bad one', () => {
    const board = new SharedBoard();
    expect(() =>
      board.apply(updateOf((doc) => doc.getArray('strokes').push([stroke([2, 2])]))),
    ).toThrow();
    board.apply(updateOf((doc) => doc.getArray('strokes').push([stroke([0.2, 0.2])])));
    const copy = new Y.Doc();
    Y.applyUpdate(copy, board.snapshot());
    expect(copy.getArray('strokes').length).toBe(1);
  });

  it('starts from a stored snapshot, and refuses one that breaks the board layout, unchanged', () => {
    const saved = new SharedBoard();
    saved.apply(updateOf((doc) => doc.getArray('strokes').push([stroke([0.1, 0.2, 0.3, 0.4])])));
    const board = new SharedBoard();
    const before = board.revision;
    board.restore(saved.snapshot());
    expect(board.revision).toBeGreaterThan(before);
    expect(Buffer.from(board.snapshot()).equals(Buffer.from(saved.snapshot()))).toBe(true);

    const tampered = new SharedBoard();
    const revision = tampered.revision;
    expect(() =>
      tampered.restore(updateOf(pushItem({ url: 'https://tracker.example/x.png' }))),
    ).toThrow();
    expect(() => tampered.restore(updateOf((doc) => doc.getMap('evil').set('a', 1)))).toThrow();
    expect(tampered.revision).toBe(revision);
    expect(tampered.sizeBytes).toBe(new SharedBoard().sizeBytes);
    // A restored board goes on accepting updates that depend on what it restored.
    board.apply(
      updateOf((doc) => doc.getArray('strokes').push([stroke([0.5, 0.5], { id: 's2' })])),
    );
  });
});
