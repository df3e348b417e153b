import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { BOARD_ITEMS, type BoardItem, type PushedContent } from '../protocol';

/** How many items pushed content may pile up before the oldest make room. */
const MAX_BOARD_ITEMS = 24;

/**
 * The authoritative copy of one lesson's board. Clients exchange Yjs updates
 * with it; it survives reconnects because it lives as long as the session.
 */
export class SharedBoard {
  readonly #doc = new Y.Doc();

  stateVector(): Uint8Array {
    return Y.encodeStateVector(this.#doc);
  }

  /** What a client holding `stateVector` is missing. */
  diffSince(stateVector: Uint8Array): Uint8Array {
    return Y.encodeStateAsUpdate(this.#doc, stateVector);
  }

  /**
   * Applies a client's update. `Y.decodeUpdate` parses it fully first, so a
   * malformed update is refused before it can touch the document.
   */
  apply(update: Uint8Array): void {
    Y.decodeUpdate(update);
    Y.applyUpdate(this.#doc, update, 'client');
  }

  /** Places pushed content on the board; returns the update to broadcast. */
  place(content: Extract<PushedContent, { type: 'image' | 'flashcard' }>): Uint8Array {
    const items = this.#doc.getArray<Y.Map<unknown>>(BOARD_ITEMS);
    const before = Y.encodeStateVector(this.#doc);
    this.#doc.transact(() => {
      if (items.length >= MAX_BOARD_ITEMS) items.delete(0, items.length - MAX_BOARD_ITEMS + 1);
      items.push([new Y.Map(Object.entries(toBoardItem(content, items.length)))]);
    }, 'server');
    return Y.encodeStateAsUpdate(this.#doc, before);
  }

  /** The whole board as one update (tests and snapshots). */
  snapshot(): Uint8Array {
    return Y.encodeStateAsUpdate(this.#doc);
  }

  destroy(): void {
    this.#doc.destroy();
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
    ? { ...common, type: 'image', url: content.url, label: content.title }
    : { ...common, type: 'flashcard', url: content.imageUrl, label: content.word };
}
