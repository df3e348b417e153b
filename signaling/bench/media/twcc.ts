/*
 * Transport-wide congestion control feedback, as a browser sends it
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01, RTCP RTPFB FMT 15): the
 * arrival time of every packet of the transport that carried a transport-wide
 * sequence number, whatever its m-section (and the SFU's probation packets,
 * which belong to none), sent every 100 ms like Chrome's RemoteEstimatorProxy.
 * werift's own ReceiverTWCC works per m-section, so on a bundled transport each
 * feedback would claim the other m-sections' packets: the bench does not use it.
 */

/** Chrome's default feedback interval. */
export const TWCC_FEEDBACK_INTERVAL_MS = 100;
/** One receive delta tick, and the reference time's unit (64 ms), in microseconds. */
const DELTA_TICK_US = 250;
const REFERENCE_TICKS = 256;
const MAX_RUN_LENGTH = 0x1fff;

/** A packet's status symbol in the feedback. */
const NOT_RECEIVED = 0;
const SMALL_DELTA = 1;
const LARGE_DELTA = 2;
type Status = typeof NOT_RECEIVED | typeof SMALL_DELTA | typeof LARGE_DELTA;

/** Collects arrivals and builds feedback packets (serialised, ready for SRTCP). */
export class TwccFeedback {
  /** Arrival tick (250 µs) by unwrapped sequence number, for packets not yet reported. */
  readonly #arrivals = new Map<number, number>();
  /** The first sequence number the next feedback reports (unwrapped); undefined before any. */
  #base: number | undefined;
  #highest = 0;
  #count = 0;

  constructor(readonly senderSsrc: number) {}

  /** A packet with transport-wide sequence number `sequence` arrived at `nowUs`. */
  packetArrived(sequence: number, nowUs: number): void {
    const unwrapped = this.#unwrap(sequence);
    if (this.#base === undefined) this.#base = unwrapped;
    if (unwrapped < this.#base) return; // already reported (as lost): too late
    this.#arrivals.set(unwrapped, Math.round(nowUs / DELTA_TICK_US));
    this.#highest = Math.max(this.#highest, unwrapped);
  }

  #unwrap(sequence: number): number {
    if (this.#base === undefined) return sequence + 0x10000;
    const delta = ((sequence - (this.#highest & 0xffff) + 0x8000) & 0xffff) - 0x8000;
    return this.#highest + delta;
  }

  /** The feedback for every packet since the last one, or null when none arrived. */
  build(mediaSsrc: number): Buffer | null {
    if (this.#base === undefined || this.#arrivals.size === 0) return null;
    const base = this.#base;
    const count = this.#highest - base + 1;
    const firstTick = this.#arrivals.get(base) ?? Math.min(...this.#arrivals.values());
    const reference = Math.floor(firstTick / REFERENCE_TICKS);
    const symbols: Status[] = [];
    const deltas: number[] = [];
    let previous = reference * REFERENCE_TICKS;
    for (let sequence = base; sequence <= this.#highest; sequence++) {
      const tick = this.#arrivals.get(sequence);
      if (tick === undefined) {
        symbols.push(NOT_RECEIVED);
        continue;
      }
      const delta = Math.max(-0x8000, Math.min(0x7fff, tick - previous));
      previous = tick;
      deltas.push(delta);
      symbols.push(delta >= 0 && delta <= 0xff ? SMALL_DELTA : LARGE_DELTA);
    }
    this.#arrivals.clear();
    this.#base = this.#highest + 1;
    const packet = serialise(this.senderSsrc, mediaSsrc, {
      base: base & 0xffff,
      count,
      reference: reference & 0xffffff,
      feedbackCount: this.#count++ & 0xff,
      symbols,
      deltas,
    });
    return packet;
  }
}

interface FeedbackFields {
  base: number;
  count: number;
  reference: number;
  feedbackCount: number;
  symbols: Status[];
  deltas: number[];
}

/** Run-length chunks only: one per run of equal symbols (a loss-free loopback has few runs). */
function chunks(symbols: Status[]): number[] {
  const result: number[] = [];
  let index = 0;
  while (index < symbols.length) {
    const symbol = symbols[index]!;
    let run = 1;
    while (index + run < symbols.length && symbols[index + run] === symbol && run < MAX_RUN_LENGTH)
      run++;
    result.push((symbol << 13) | run);
    index += run;
  }
  return result;
}

function serialise(senderSsrc: number, mediaSsrc: number, fields: FeedbackFields): Buffer {
  const chunkWords = chunks(fields.symbols);
  const deltaBytes = fields.deltas.reduce((n, d) => n + (d >= 0 && d <= 0xff ? 1 : 2), 0);
  const body = 20 + chunkWords.length * 2 + deltaBytes;
  const padding = (4 - (body % 4)) % 4;
  const buffer = Buffer.alloc(body + padding);
  // V=2, P when padded, FMT=15; PT=205 (RTPFB); length in 32-bit words minus one.
  buffer.writeUInt8(0x80 | (padding > 0 ? 0x20 : 0) | 15, 0);
  buffer.writeUInt8(205, 1);
  buffer.writeUInt16BE(buffer.length / 4 - 1, 2);
  buffer.writeUInt32BE(senderSsrc >>> 0, 4);
  buffer.writeUInt32BE(mediaSsrc >>> 0, 8);
  buffer.writeUInt16BE(fields.base, 12);
  buffer.writeUInt16BE(fields.count, 14);
  buffer.writeUIntBE(fields.reference, 16, 3);
  buffer.writeUInt8(fields.feedbackCount, 19);
  let offset = 20;
  for (const chunk of chunkWords) offset = buffer.writeUInt16BE(chunk, offset);
  for (const delta of fields.deltas)
    offset =
      delta >= 0 && delta <= 0xff
        ? buffer.writeUInt8(delta, offset)
        : buffer.writeInt16BE(delta, offset);
  // RTCP padding: zeros, the last byte says how many.
  if (padding > 0) buffer.writeUInt8(padding, buffer.length - 1);
  return buffer;
}
