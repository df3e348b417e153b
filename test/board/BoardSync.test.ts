import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { SharedBoard } from '../../signaling/board/SharedBoard';
import { BoardDocument, BoardSync } from '../../web/src/board';
import { FakeServer, drawStroke, joinClassroom, strokeIds } from './fakeNetwork';

// Fake timers: nothing is sent by a timer unless a test advances time.
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('BoardSync through the server SharedBoard', () => {
  it('shows a stroke drawn on A on B', async () => {
    const server = new FakeServer();
    const a = await joinClassroom(server);
    const b = await joinClassroom(server);

    const id = drawStroke(a.board, [0.1, 0.1, 0.4, 0.4]);
    await a.sync.flush();
    server.deliverAll();

    expect(strokeIds(b.board)).toEqual([id]);
    expect(b.board.strokes()[0]?.points).toEqual(a.board.strokes()[0]?.points);
    expect(strokeIds(server.read())).toEqual([id]);
  });

  it('keeps both strokes drawn at the same time by two classrooms', async () => {
    const server = new FakeServer();
    const a = await joinClassroom(server);
    const b = await joinClassroom(server);

    const fromA = drawStroke(a.board, [0.1, 0.1, 0.2, 0.2]);
    const fromB = drawStroke(b.board, [0.8, 0.8, 0.9, 0.9]);
    await Promise.all([a.sync.flush(), b.sync.flush()]);
    server.deliverAll();

    for (const board of [a.board, b.board, server.read()])
      expect(strokeIds(board).sort()).toEqual([fromA, fromB].sort());
    expect(strokeIds(a.board)).toEqual(strokeIds(b.board));
  });

  it("undoes only A's own last stroke, never B's, everywhere", async () => {
    const server = new FakeServer();
    const a = await joinClassroom(server);
    const b = await joinClassroom(server);
    const first = drawStroke(a.board, [0.1, 0.1]);
    drawStroke(a.board, [0.2, 0.2]);
    await a.sync.flush();
    server.deliverAll();
    const fromB = drawStroke(b.board, [0.5, 0.5]);
    await b.sync.flush();
    server.deliverAll();

    expect(b.board.canUndo).toBe(true);
    a.board.undo();
    await a.sync.flush();
    server.deliverAll();

    for (const board of [a.board, b.board, server.read()])
      expect(strokeIds(board)).toEqual([first, fromB]);
  });

  it('does not let B undo what it received from A', async () => {
    const server = new FakeServer();
    const a = await joinClassroom(server);
    const b = await joinClassroom(server);
    drawStroke(a.board, [0.1, 0.1]);
    await a.sync.flush();
    server.deliverAll();

    expect(b.board.canUndo).toBe(false);
    expect(b.board.undo()).toBe(false);
    expect(b.board.strokes()).toHaveLength(1);
  });

  it('restores everything on every board when the clearer undoes a clear', async () => {
    const server = new FakeServer();
    const a = await joinClassroom(server);
    const b = await joinClassroom(server);
    server.place({ type: 'flashcard', word: 'apple' });
    drawStroke(a.board, [0.1, 0.1]);
    drawStroke(b.board, [0.2, 0.2]);
    await Promise.all([a.sync.flush(), b.sync.flush()]);
    server.deliverAll();
    const strokes = strokeIds(a.board);

    b.board.clear();
    await b.sync.flush();
    server.deliverAll();
    expect(a.board.strokes()).toEqual([]);
    expect(a.board.items()).toEqual([]);

    b.board.undo();
    await b.sync.flush();
    server.deliverAll();
    for (const board of [a.board, b.board, server.read()]) {
      expect(strokeIds(board)).toEqual(strokes);
      expect(board.items().map((item) => item.label)).toEqual(['apple']);
    }
  });

  it('uploads strokes drawn while disconnected when the classroom reconnects', async () => {
    const server = new FakeServer();
    const a = await joinClassroom(server);
    const b = await joinClassroom(server);
    a.link.connected = false;
    a.sync.disconnect();
    const offline = drawStroke(a.board, [0.3, 0.3, 0.6, 0.6]);
    const whileAway = drawStroke(b.board, [0.7, 0.7]);
    await b.sync.flush();
    server.deliverAll();
    expect(strokeIds(server.read())).toEqual([whileAway]);

    a.link.connected = true;
    await a.sync.connect();
    server.deliverAll();

    for (const board of [a.board, b.board, server.read()])
      expect(strokeIds(board).sort()).toEqual([offline, whileAway].sort());
  });

  it('changes nothing when connect() runs again on an up-to-date board', async () => {
    const server = new FakeServer();
    const a = await joinClassroom(server);
    drawStroke(a.board, [0.1, 0.1]);
    await a.sync.flush();
    const snapshot = server.board.snapshot();
    const sends = a.link.sent.length;

    await a.sync.connect();
    await a.sync.connect();

    expect(server.board.snapshot()).toEqual(snapshot);
    expect(a.link.sent).toHaveLength(sends);
    expect(a.board.strokes()).toHaveLength(1);
  });

  it('gives a late joiner the whole board, pushed items included', async () => {
    const server = new FakeServer();
    const a = await joinClassroom(server);
    drawStroke(a.board, [0.1, 0.1]);
    await a.sync.flush();
    server.place({ type: 'image', materialId: 'material-cat', title: 'A cat' });
    server.deliverAll();

    const late = await joinClassroom(server);
    expect(late.board.strokes()).toHaveLength(1);
    expect(late.board.items()).toMatchObject([{ type: 'image', label: 'A cat' }]);
    expect(a.board.items()).toEqual(late.board.items());
  });

  it('does not send back updates it received', async () => {
    const server = new FakeServer();
    const a = await joinClassroom(server);
    const b = await joinClassroom(server);
    drawStroke(a.board, [0.1, 0.1]);
    await a.sync.flush();
    server.deliverAll();

    await b.sync.flush();
    await vi.runAllTimersAsync();
    expect(b.link.sent).toEqual([]);
  });

  it('batches a stroke into one message per interval and sends its end at once', async () => {
    const server = new FakeServer();
    const a = await joinClassroom(server);
    const id = a.board.startStroke({ tool: 'pen', color: '#1f1f1f', width: 0.004, x: 0, y: 0 });
    for (let i = 1; i <= 10; i++) a.board.extendStroke(id, [i * 0.01, 0]);
    expect(a.link.sent).toHaveLength(0);

    await vi.advanceTimersByTimeAsync(50);
    expect(a.link.sent).toHaveLength(1);
    a.board.extendStroke(id, [0.5, 0.5]);
    a.board.endStroke(id);
    await vi.advanceTimersByTimeAsync(0);

    expect(a.link.sent).toHaveLength(2);
    expect(server.read().strokes()[0]?.points).toHaveLength(24);
  });

  it('reports a malformed update from the server and keeps the board as it was', async () => {
    const server = new FakeServer();
    const a = await joinClassroom(server);
    drawStroke(a.board, [0.1, 0.1]);
    const before = a.board.updateSince(new Uint8Array([0]));

    server.relay(new Uint8Array([1, 2, 3]), null);
    server.deliverAll();

    expect(a.errors).toHaveLength(1);
    expect(a.board.updateSince(new Uint8Array([0]))).toEqual(before);
  });

  it('reports a refused send and repairs it at the next connect()', async () => {
    const server = new FakeServer();
    const a = await joinClassroom(server);
    const id = a.board.startStroke({ tool: 'pen', color: '#1f1f1f', width: 0.004, x: 0, y: 0 });
    a.link.connected = false;
    a.board.endStroke(id);
    await a.sync.flush();
    expect(a.errors).toHaveLength(1);
    expect(server.read().strokes()).toEqual([]);

    a.link.connected = true;
    await a.sync.connect();
    expect(strokeIds(server.read())).toEqual([id]);
  });
});

describe('SharedBoard.apply', () => {
  function boardWithOneStroke(): SharedBoard {
    const shared = new SharedBoard();
    const client = new BoardDocument();
    drawStroke(client, [0.1, 0.1]);
    shared.apply(client.updateSince(new Uint8Array([0])));
    return shared;
  }

  it.each([
    ['garbage', new Uint8Array([1, 2, 3, 4, 5])],
    ['empty', new Uint8Array([])],
    ['truncated', truncatedUpdate()],
  ])('throws on a %s update and leaves the board unchanged', (_name, update) => {
    const shared = boardWithOneStroke();
    const before = shared.snapshot();
    expect(() => shared.apply(update)).toThrow();
    expect(shared.snapshot()).toEqual(before);
  });

  // This update parses with Y.decodeUpdate, then throws halfway through
  // Y.applyUpdate; SharedBoard applies it to a shadow copy first.
  it('throws on an update that parses but cannot be integrated, changing nothing', () => {
    const shared = new SharedBoard();
    const before = shared.snapshot();
    expect(() => shared.apply(updateWithBrokenParent())).toThrow();
    expect(shared.snapshot()).toEqual(before);
  });
});

function truncatedUpdate(): Uint8Array {
  const client = new BoardDocument();
  drawStroke(client, [0.1, 0.1, 0.2, 0.2]);
  const update = client.updateSince(new Uint8Array([0]));
  return update.slice(0, update.length - 5);
}

/** A stroke map whose 'tool' entry names itself as its parent. */
function updateWithBrokenParent(): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = 7;
  doc.getArray('strokes').push([new Y.Map<unknown>(Object.entries({ id: 's1', tool: 'pen' }))]);
  const update = Y.encodeStateAsUpdate(doc);
  // Byte 30 is the clock of the parent of 'tool': 7:0 (the map) becomes 7:2 ('tool' itself).
  const TOOL_PARENT_CLOCK = 30;
  expect(update[TOOL_PARENT_CLOCK]).toBe(0);
  update[TOOL_PARENT_CLOCK] = 2;
  expect(() => Y.decodeUpdate(update)).not.toThrow();
  return update;
}

describe('BoardSync for a viewer that may not draw', () => {
  it('only fetches: what it holds and a restarted server lacks stays out', async () => {
    const server = new FakeServer();
    const tutor = await joinClassroom(server);
    const viewerBoard = new BoardDocument();
    const viewer = new BoardSync(viewerBoard, server.link(), { readOnly: true });
    await viewer.connect();
    const id = drawStroke(tutor.board, [0.1, 0.1, 0.3, 0.3]);
    await tutor.sync.flush();
    server.deliverAll();
    expect(strokeIds(viewerBoard)).toEqual([id]);

    // The server starts again without the stroke (restored from an older snapshot).
    const restarted = new FakeServer();
    const link = restarted.link();
    const again = new BoardSync(viewerBoard, link, { readOnly: true });
    await again.connect();
    expect(again.online).toBe(true);
    expect(link.sent).toEqual([]);
    expect(strokeIds(restarted.read())).toEqual([]);
  });
});
