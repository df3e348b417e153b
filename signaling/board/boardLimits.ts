/*
 * What one lesson's board may hold and accept. Measured on the web board:
 * points are float32 pairs (5 bytes each in a Yjs update), a hand-drawn
 * stroke of 2-3 s is 150-400 points, and a busy 30-minute lesson where the
 * tutor and three classes draw all the time (a stroke every 2 s each, the
 * board cleared a few times) encodes to 300-600 KB. Each limit below is
 * three to ten times what that lesson needs, and small enough that a
 * flood stops long before the server's memory or a joining client's
 * snapshot limit (yjsSnapshotSchema) is at risk.
 */

/** Encoded board state: 2 MB is ~4 busy lessons; its base64 (2.7 MB) fits yjsSnapshotSchema. */
export const MAX_BOARD_BYTES = 2_000_000;

/** Strokes on the board at once: a stroke every 0.6 s for a whole lesson. */
export const MAX_BOARD_STROKES = 3_000;

/** Numbers (x and y each count) in one stroke: 5,000 points, ~40 s of continuous drawing at 120 Hz. */
export const MAX_STROKE_COORDINATES = 10_000;

/** Pictures and flashcards: pushed content keeps 24 (SharedBoard), undoing a clear may add as many again. */
export const MAX_BOARD_ITEMS = 48;

/**
 * One client update. Live drawing sends ~300 bytes every 50 ms; the largest
 * honest update is a whiteboard uploading what it drew while offline, which
 * a few minutes of drawing keep far below 256 KB.
 */
export const MAX_BOARD_UPDATE_BYTES = 256_000;

/**
 * Bytes a lesson's board accepts per minute, refilled continuously: four
 * people drawing without pause send ~150 KB a minute; the burst lets an
 * offline upload through at once.
 */
export const BOARD_BYTES_PER_MINUTE = 2_000_000;
export const BOARD_BURST_BYTES = 2_000_000;

/**
 * Bytes one participant may send per minute: one person drawing without
 * pause sends ~40 KB, an offline upload at most 256 KB. A flooding client
 * runs out of its own budget long before the lesson's, so the others can
 * still draw.
 */
export const PARTICIPANT_BOARD_BYTES_PER_MINUTE = 500_000;
export const PARTICIPANT_BOARD_BURST_BYTES = 500_000;

/** A token bucket counted in bytes. */
export class ByteBudget {
  #bytes: number;
  #updatedAt: number;
  readonly #perMinute: number;
  readonly #burst: number;
  readonly #now: () => number;

  constructor(perMinute: number, burst: number, now: () => number = Date.now) {
    this.#perMinute = perMinute;
    this.#burst = burst;
    this.#bytes = burst;
    this.#now = now;
    this.#updatedAt = now();
  }

  /** Spends `bytes`; false (and nothing spent) when the budget cannot cover them. */
  take(bytes: number): boolean {
    const now = this.#now();
    const refill = ((now - this.#updatedAt) / 60_000) * this.#perMinute;
    this.#bytes = Math.min(this.#burst, this.#bytes + refill);
    this.#updatedAt = now;
    if (bytes > this.#bytes) return false;
    this.#bytes -= bytes;
    return true;
  }
}
