/**
 * A set of listeners where one that throws cannot stop the others, nor the
 * Yjs transaction that triggered it (a throw inside a Yjs event handler
 * would surface in the middle of the caller's `transact`).
 */
export class Listeners<Args extends unknown[]> {
  readonly #listeners = new Set<(...args: Args) => void>();

  /** Returns the unsubscribe function; bound, so it can be handed to useSyncExternalStore. */
  add = (listener: (...args: Args) => void): (() => void) => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  };

  emit(...args: Args): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(...args);
      } catch (error) {
        console.error('board listener failed', error);
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}
