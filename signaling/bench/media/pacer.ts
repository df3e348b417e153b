/*
 * A browser does not write a frame's packets to the socket at once: libwebrtc's
 * pacer lets media out of a send transport at a multiple of its bitrate, in
 * 5 ms steps, with audio first and never held. The bench's clients pace the same
 * way, so a key frame (four times a frame) or the frames a starved client process
 * owes after a late timer reach the SFU spread over tens of milliseconds, as
 * from browsers, instead of a burst of every lesson in that process at once
 * (which overflowed the worker's single receive socket: see README.md).
 */

/** libwebrtc's pacing factor: media leaves at up to 2.5 × the encoders' target bitrate. */
export const PACING_FACTOR = 2.5;
/** The pacer's step (libwebrtc: 5 ms). */
export const PACING_INTERVAL_MS = 5;
/**
 * Unused send time carries over for at most two steps, so a late step still sends what its time
 * allowed but idle time never saves up a burst (libwebrtc's interval budget carries none).
 */
export const MAX_CARRY_MS = 2 * PACING_INTERVAL_MS;

interface Queued {
  bytes: number;
  send: () => void;
}

/** One send transport's pacer; every pacer of the process steps on one shared timer. */
export class Pacer {
  readonly #queue: Queued[] = [];
  readonly #bytesPerMs: number;
  #budget = 0;
  #last: number;

  /**
   * `bitrateBps`: the sum of the transport's encoders' bitrates (what it is paced against);
   * `clock`: milliseconds, `performance.now()` but in tests.
   */
  constructor(
    bitrateBps: number,
    readonly clock: () => number = () => performance.now(),
  ) {
    this.#bytesPerMs = (PACING_FACTOR * bitrateBps) / 8 / 1000;
    this.#last = clock();
    running.add(this);
    timer ??= setInterval(stepAll, PACING_INTERVAL_MS);
  }

  /** Sends `send` (a packet of `bytes`) as soon as the budget allows: at once when nothing waits. */
  enqueue(bytes: number, send: () => void): void {
    packetsPaced += 1;
    this.#queue.push({ bytes, send });
    if (this.#queue.length === 1) this.step(this.clock());
  }

  /** Adds the budget the elapsed time gives and sends what it covers (a packet may overdraw it). */
  step(now: number): void {
    this.#budget = Math.min(
      this.#budget + (now - this.#last) * this.#bytesPerMs,
      MAX_CARRY_MS * this.#bytesPerMs,
    );
    this.#last = now;
    while (this.#queue.length > 0 && this.#budget > 0) {
      const next = this.#queue.shift()!;
      this.#budget -= next.bytes;
      next.send();
    }
  }

  /** Packets waiting. */
  get queued(): number {
    return this.#queue.length;
  }

  close(): void {
    running.delete(this);
    if (running.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  }
}

const running = new Set<Pacer>();
let timer: ReturnType<typeof setInterval> | undefined;
let packetsPaced = 0;

/**
 * Packets every pacer of this process was given since it started, and those still waiting: a
 * backlog that grows over a window is a client process short of CPU (its steps come too late
 * for the budget they carry), sending less than its cameras make.
 */
export function pacing(): { paced: number; queued: number } {
  let queued = 0;
  for (const pacer of running) queued += pacer.queued;
  return { paced: packetsPaced, queued };
}

function stepAll(): void {
  for (const pacer of running) pacer.step(pacer.clock());
}
