import { fromBase64, toBase64 } from 'lib0/buffer';
import { SharedBoard } from '../../signaling/board/SharedBoard';
import type { PushedContent } from '../../signaling/protocol';
import { BoardDocument, BoardSync, type BoardTransport } from '../../web/src/board';

/**
 * The signalling server's board path without sockets: a real SharedBoard,
 * relaying each accepted update to the other links. Relayed updates wait in
 * each link's inbox until the test delivers them, so tests choose the order.
 */
export class FakeServer {
  readonly board = new SharedBoard();
  readonly #links = new Set<FakeLink>();

  link(): FakeLink {
    const link = new FakeLink(this);
    this.#links.add(link);
    return link;
  }

  relay(update: Uint8Array, from: FakeLink | null): void {
    for (const link of this.#links) if (link !== from) link.receive(toBase64(update));
  }

  place(content: Extract<PushedContent, { type: 'image' | 'flashcard' }>): void {
    this.relay(this.board.place(content), null);
  }

  deliverAll(): void {
    for (const link of this.#links) link.deliver();
  }

  /** What the server holds, read through a fresh client document. */
  read(): BoardDocument {
    const reader = new BoardDocument();
    reader.applyRemoteUpdate(this.board.snapshot());
    return reader;
  }
}

export class FakeLink implements BoardTransport {
  connected = true;
  readonly sent: string[] = [];
  readonly #server: FakeServer;
  readonly #inbox: string[] = [];
  readonly #listeners = new Set<(update: string) => void>();

  constructor(server: FakeServer) {
    this.#server = server;
  }

  async sync(stateVector: string): Promise<{ update: string; stateVector: string }> {
    this.#assertConnected();
    const update = this.#server.board.diffSince(fromBase64(stateVector));
    return { update: toBase64(update), stateVector: toBase64(this.#server.board.stateVector()) };
  }

  async send(update: string): Promise<void> {
    this.#assertConnected();
    this.sent.push(update);
    const bytes = fromBase64(update);
    this.#server.board.apply(bytes);
    this.#server.relay(bytes, this);
  }

  onRemoteUpdate(listener: (update: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A socket.io client misses what is broadcast while it is disconnected. */
  receive(update: string): void {
    if (this.connected) this.#inbox.push(update);
  }

  deliver(): void {
    for (const update of this.#inbox.splice(0))
      for (const listener of this.#listeners) listener(update);
  }

  #assertConnected(): void {
    if (!this.connected) throw new Error('disconnected');
  }
}

export interface FakeClassroom {
  board: BoardDocument;
  link: FakeLink;
  sync: BoardSync;
  errors: unknown[];
}

export async function joinClassroom(server: FakeServer): Promise<FakeClassroom> {
  const board = new BoardDocument();
  const link = server.link();
  const errors: unknown[] = [];
  const sync = new BoardSync(board, link, { onError: (error) => errors.push(error) });
  await sync.connect();
  return { board, link, sync, errors };
}

/** Draws a stroke through the given x,y pairs and ends it. */
export function drawStroke(board: BoardDocument, points: number[], color = '#d32f2f'): string {
  const [x = 0, y = 0, ...rest] = points;
  const id = board.startStroke({ tool: 'pen', color, width: 0.004, x, y });
  board.extendStroke(id, rest);
  board.endStroke(id);
  return id;
}

export function strokeIds(board: BoardDocument): string[] {
  return board.strokes().map((stroke) => stroke.id);
}
