import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BoardDocument } from '../../web/src/board';
import { FakeServer, drawStroke, strokeIds } from './fakeNetwork';

describe('BoardDocument', () => {
  it('records a stroke with its style and points', () => {
    const board = new BoardDocument();
    const id = board.startStroke({ tool: 'pen', color: '#1565c0', width: 0.004, x: 0.1, y: 0.2 });
    board.extendStroke(id, [0.3, 0.4, 0.5, 0.6]);
    board.endStroke(id);

    const [stroke] = board.strokes();
    expect(stroke).toMatchObject({ id, tool: 'pen', color: '#1565c0', width: 0.004 });
    expect(stroke?.points).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6].map(Math.fround));
  });

  it('drops points that do not move and clamps points outside the board', () => {
    const board = new BoardDocument();
    const id = board.startStroke({ tool: 'pen', color: '#1f1f1f', width: 0.004, x: 0.5, y: 0.5 });
    const kept = board.extendStroke(id, [0.50001, 0.50001, 1.5, -2, Number.NaN, 0.5]);

    expect(kept).toEqual([1, 0, 0, 0.5].map(Math.fround));
    expect(board.strokes()[0]?.points).toEqual([0.5, 0.5, 1, 0, 0, 0.5].map(Math.fround));
  });

  it('refuses a style outside the protocol (a bug in the caller)', () => {
    const board = new BoardDocument();
    expect(() =>
      board.startStroke({ tool: 'pen', color: 'red', width: 0.004, x: 0, y: 0 }),
    ).toThrow();
    expect(board.strokes()).toEqual([]);
  });

  it('undoes a whole stroke in one step and redoes it with all its points', () => {
    const board = new BoardDocument();
    drawStroke(board, [0.1, 0.1, 0.2, 0.2]);
    const id = board.startStroke({ tool: 'pen', color: '#2e7d32', width: 0.012, x: 0.3, y: 0.3 });
    for (let i = 1; i <= 20; i++) board.extendStroke(id, [0.3 + i * 0.01, 0.3]);
    board.endStroke(id);

    expect(board.undo()).toBe(true);
    expect(board.strokes()).toHaveLength(1);
    expect(board.redo()).toBe(true);
    expect(board.strokes()).toHaveLength(2);
    expect(board.strokes()[1]?.points).toHaveLength(42);
  });

  it('restores strokes and items on undo of clear, and clearing nothing is no step', () => {
    const board = new BoardDocument();
    board.clear();
    expect(board.canUndo).toBe(false);
    drawStroke(board, [0.1, 0.1]);
    drawStroke(board, [0.2, 0.2]);
    const before = strokeIds(board);

    board.clear();
    expect(board.strokes()).toEqual([]);
    board.undo();
    expect(strokeIds(board)).toEqual(before);
  });

  it('keeps the same history and items snapshots while nothing relevant changed', () => {
    const board = new BoardDocument();
    const history = board.history();
    const items = board.items();
    expect(board.history()).toBe(history);
    drawStroke(board, [0.1, 0.1]);
    expect(board.items()).toBe(items);
    expect(board.history()).not.toBe(history);
    expect(board.history()).toEqual({ canUndo: true, canRedo: false });
  });

  it('skips malformed strokes and items written by another peer', () => {
    const hostile = new Y.Doc();
    const bad = new Y.Map<unknown>(Object.entries({ id: 'x', tool: 'laser', color: '#000000' }));
    const badPoints = new Y.Map<unknown>(
      Object.entries({ id: 'y', tool: 'pen', color: '#000000' }),
    );
    badPoints.set('width', 0.01);
    badPoints.set('points', new Y.Array());
    const outOfRange = new Y.Array<unknown>();
    outOfRange.push([0.1, 0.1, 7, 0.2, 'x', 0.3, 0.4]);
    const good = new Y.Map<unknown>(Object.entries({ id: 'z', tool: 'pen', color: '#000000' }));
    good.set('width', 0.01);
    good.set('points', outOfRange);
    hostile.getArray('strokes').push([bad, 'not a map', badPoints, good]);
    hostile
      .getArray('items')
      .push([new Y.Map<unknown>(Object.entries({ id: 'i', type: 'video' }))]);

    const board = new BoardDocument();
    board.applyRemoteUpdate(Y.encodeStateAsUpdate(hostile));
    expect(strokeIds(board)).toEqual(['y', 'z']);
    expect(board.strokes()[1]?.points).toEqual([0.1, 0.1]);
    expect(board.items()).toEqual([]);
  });

  it('holds pictures as material ids, never addresses', () => {
    const server = new FakeServer();
    server.place({ type: 'image', materialId: 'material-cat', title: 'Cat' });
    server.place({ type: 'flashcard', word: 'dog', materialId: 'material-dog' });
    const board = server.read();
    expect(board.items().map((item) => [item.label, item.materialId])).toEqual([
      ['Cat', 'material-cat'],
      ['dog', 'material-dog'],
    ]);
    expect(JSON.stringify(board.items())).not.toMatch(/url/i);
  });

  it('ignores an address smuggled into an item', () => {
    const hostile = new Y.Doc();
    hostile.getArray('items').push([
      new Y.Map<unknown>(
        Object.entries({
          id: 'i',
          type: 'image',
          url: 'https://tracker.example/x.png',
          label: 'x',
          x: 0,
          y: 0,
          width: 0.3,
        }),
      ),
    ]);
    const board = new BoardDocument();
    board.applyRemoteUpdate(Y.encodeStateAsUpdate(hostile));
    expect(board.items()).toHaveLength(1);
    expect(JSON.stringify(board.items())).not.toContain('tracker');
  });
});
