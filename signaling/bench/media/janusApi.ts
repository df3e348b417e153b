/*
 * Janus's HTTP API as a VideoRoom client needs it: a session with a long poll
 * for events, plugin handles, and messages whose answers come back as events
 * carrying the same transaction.
 */
import { randomUUID } from 'node:crypto';

export interface JanusEvent {
  janus: string;
  transaction?: string;
  sender?: number;
  plugindata?: { data: Record<string, unknown> };
  jsep?: { type: string; sdp: string };
  error?: { code: number; reason: string };
}

export class JanusSession {
  readonly #waiting = new Map<string, (event: JanusEvent) => void>();
  #open = true;

  private constructor(
    readonly url: string,
    readonly id: number,
  ) {
    void this.#poll();
  }

  static async create(url: string): Promise<JanusSession> {
    const answer = await post(url, { janus: 'create' });
    return new JanusSession(url, (answer as unknown as { data: { id: number } }).data.id);
  }

  async attach(): Promise<number> {
    const answer = await post(`${this.url}/${this.id}`, {
      janus: 'attach',
      plugin: 'janus.plugin.videoroom',
    });
    return (answer as unknown as { data: { id: number } }).data.id;
  }

  /** A VideoRoom request; a synchronous one answers at once, an asynchronous one with its event. */
  async message(
    handle: number,
    body: Record<string, unknown>,
    jsep?: { type: string; sdp: string },
  ): Promise<JanusEvent> {
    const transaction = randomUUID();
    const event = new Promise<JanusEvent>((resolve) => this.#waiting.set(transaction, resolve));
    const answer = await post(
      `${this.url}/${this.id}/${handle}`,
      { janus: 'message', body, ...(jsep ? { jsep } : {}) },
      transaction,
    );
    if (answer.janus !== 'ack') {
      this.#waiting.delete(transaction);
      return answer;
    }
    return event;
  }

  async #poll(): Promise<void> {
    while (this.#open) {
      try {
        const response = await fetch(`${this.url}/${this.id}?maxev=20&rid=${Date.now()}`);
        const events = (await response.json()) as JanusEvent[] | JanusEvent;
        for (const event of Array.isArray(events) ? events : [events]) {
          const waiter = event.transaction ? this.#waiting.get(event.transaction) : undefined;
          if (waiter && event.janus !== 'ack') {
            this.#waiting.delete(event.transaction!);
            waiter(event);
          }
        }
      } catch {
        if (this.#open) await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  async destroy(): Promise<void> {
    this.#open = false;
    await post(`${this.url}/${this.id}`, { janus: 'destroy' }).catch(() => undefined);
  }
}

async function post(
  url: string,
  body: Record<string, unknown>,
  transaction = randomUUID(),
): Promise<JanusEvent> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, transaction }),
  });
  const answer = (await response.json()) as JanusEvent;
  if (answer.janus === 'error') throw new Error(`janus: ${answer.error?.reason ?? 'error'}`);
  return answer;
}

/** The VideoRoom's own answer inside an event, or a thrown error. */
export function roomData(event: JanusEvent): Record<string, unknown> {
  const data = event.plugindata?.data ?? {};
  if (event.janus === 'error' || typeof data.error === 'string')
    throw new Error(`videoroom: ${String(data.error ?? event.error?.reason)}`);
  return data;
}

/**
 * Sends a VideoRoom request again while Janus refuses it with an error containing `passing`
 * (a state that passes, e.g. a feed not up yet), up to `attempts` requests `delayMs` apart.
 * Any other refusal, or the last one, is thrown; an accepted request's event is returned.
 */
export async function askAgainWhile(
  send: () => Promise<JanusEvent>,
  passing: string,
  { attempts, delayMs }: { attempts: number; delayMs: number },
): Promise<JanusEvent> {
  for (let attempt = 1; ; attempt++) {
    const event = await send();
    try {
      roomData(event);
      return event;
    } catch (error) {
      if (attempt >= attempts || !String(error).includes(passing)) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
