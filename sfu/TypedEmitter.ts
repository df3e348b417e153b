import { EventEmitter } from 'node:events';

/** Event name → argument tuple. */
export type EventMap = Record<string, unknown[]>;

/**
 * A typed EventEmitter in the manner of mediasoup's EnhancedEventEmitter.
 * `safeEmit` never lets a throwing listener break the emitter or its caller:
 * one faulty observer must not take a lesson down.
 */
export class TypedEmitter<E extends EventMap> {
  readonly #emitter = new EventEmitter();

  constructor() {
    this.#emitter.setMaxListeners(Infinity);
  }

  on<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    this.#emitter.on(event, listener as (...args: unknown[]) => void);
    return this;
  }

  off<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    this.#emitter.off(event, listener as (...args: unknown[]) => void);
    return this;
  }

  once<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    this.#emitter.once(event, listener as (...args: unknown[]) => void);
    return this;
  }

  /** Resolves with the arguments of the next `event`. */
  next<K extends keyof E & string>(event: K): Promise<E[K]> {
    return new Promise((resolve) => this.once(event, (...args) => resolve(args)));
  }

  safeEmit<K extends keyof E & string>(event: K, ...args: E[K]): boolean {
    const listeners = this.#emitter.listeners(event);
    for (const listener of listeners) {
      try {
        listener(...args);
      } catch (error) {
        console.error(`listener of "${event}" threw`, error);
      }
    }
    return listeners.length > 0;
  }

  listenerCount<K extends keyof E & string>(event: K): number {
    return this.#emitter.listenerCount(event);
  }

  removeAllListeners(): void {
    this.#emitter.removeAllListeners();
  }
}

/** What can be listened to once and let go: a TypedEmitter as well as a Node EventEmitter. */
interface Listenable<K extends string> {
  once(event: K, listener: () => void): unknown;
  off(event: K, listener: () => void): unknown;
}

/** Resolves at the next `event` or after `delayMs`, whichever comes first, leaving no listener. */
export function eventOrDelay<K extends string>(
  emitter: Listenable<K>,
  event: K,
  delayMs: number,
): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      emitter.off(event, done);
      resolve();
    };
    const timer = setTimeout(done, delayMs);
    emitter.once(event, done);
  });
}
