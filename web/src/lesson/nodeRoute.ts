import type { Socket } from 'socket.io-client';
import {
  NODE_ROUTE_PARAMETER,
  movedRefusalSchema,
  type NodeAddress,
} from '../../../signaling/protocol';

/** What a refused connection meant for the route: nothing, a move under way, or a second move. */
export type MoveOutcome = 'not_moved' | 'following' | 'loop';

/**
 * Where the lesson's socket connects, in a cluster of nodes (signaling/cluster). A join that
 * reached a node not holding its lesson is refused with `moved`: the socket follows it once,
 * to the node's own URL, or to the same address with `?node=<id>` behind one public host
 * name. Every reconnection after a drop starts again from the entry address, never from the
 * node it was on: that node may be the one that died, and the entry knows where the lesson
 * went. A second `moved` before a connection succeeds is a loop (placement changing under
 * our feet): the caller goes back to the entry after a pause.
 */
export class NodeRoute {
  readonly #socket: Socket;
  readonly #entryUrl: string;
  #followed = false;

  constructor(socket: Socket, entryUrl: string) {
    this.#socket = socket;
    this.#entryUrl = entryUrl;
    socket.io.on('reconnect_attempt', () => this.#pointAt(undefined));
    socket.on('connect', () => {
      this.#followed = false;
    });
  }

  /** Follows a `moved` refusal (the socket reconnects by itself), or says why not. */
  follow(error: Error): MoveOutcome {
    const moved = movedRefusalSchema.safeParse((error as Error & { data?: unknown }).data);
    if (!moved.success) return 'not_moved';
    this.#socket.disconnect();
    if (this.#followed) {
      this.#followed = false;
      this.#pointAt(undefined);
      return 'loop';
    }
    this.#followed = true;
    this.#pointAt(moved.data.node);
    this.#socket.connect();
    return 'following';
  }

  /** Points the next connection at `node`, or at the entry address. */
  #pointAt(node: NodeAddress | undefined): void {
    const manager = this.#socket.io;
    // socket.io-client opens every connection at its manager's `uri`, which it declares
    // private: it is the one place a reconnection's address can change without a new socket.
    (manager as unknown as { uri: string }).uri = node?.url ?? this.#entryUrl;
    manager.opts.query = node && !node.url ? { [NODE_ROUTE_PARAMETER]: node.id } : {};
  }
}
