import { describe, expect, it } from 'vitest';
import { TwccFeedback } from '../../signaling/bench/media/twcc';

/*
 * bench:media answers the SFU's transport-wide sequence numbers with transport-cc feedback
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01). The worker's bandwidth estimate is
 * only as good as these bytes, so their layout is checked field by field.
 */
describe('TwccFeedback', () => {
  it('reports a lost packet, a 16-bit wrap-around and a large delta, padded as RTCP', () => {
    const feedback = new TwccFeedback(0x11223344);
    feedback.packetArrived(65534, 1000);
    feedback.packetArrived(65535, 2000);
    feedback.packetArrived(0, 3000);
    // 1 is lost; 2 comes 100 ms later (400 ticks of 250 µs: a two-byte delta).
    feedback.packetArrived(2, 103_000);
    const packet = feedback.build(0x55667788)!;
    expect(packet.length).toBe(32);
    // V=2, padding, FMT=15; RTPFB; 8 words.
    expect(packet.readUInt8(0)).toBe(0x80 | 0x20 | 15);
    expect(packet.readUInt8(1)).toBe(205);
    expect(packet.readUInt16BE(2)).toBe(7);
    expect(packet.readUInt32BE(4)).toBe(0x11223344);
    expect(packet.readUInt32BE(8)).toBe(0x55667788);
    expect(packet.readUInt16BE(12)).toBe(65534); // base sequence number
    expect(packet.readUInt16BE(14)).toBe(5); // status count: 65534 … 2
    expect(packet.readUIntBE(16, 3)).toBe(0); // reference time, 64 ms units
    expect(packet.readUInt8(19)).toBe(0); // first feedback
    // Run-length chunks: 3 small deltas, 1 not received, 1 large delta.
    expect([packet.readUInt16BE(20), packet.readUInt16BE(22), packet.readUInt16BE(24)]).toEqual([
      (1 << 13) | 3,
      (0 << 13) | 1,
      (2 << 13) | 1,
    ]);
    expect([packet.readUInt8(26), packet.readUInt8(27), packet.readUInt8(28)]).toEqual([4, 4, 4]);
    expect(packet.readInt16BE(29)).toBe(400);
    expect(packet.readUInt8(31)).toBe(1); // one byte of padding
  });

  it('starts the next feedback after the last one and counts feedback packets', () => {
    const feedback = new TwccFeedback(1);
    feedback.packetArrived(10, 64_000);
    feedback.build(2);
    expect(feedback.build(2)).toBeNull();
    feedback.packetArrived(11, 64_500);
    const packet = feedback.build(2)!;
    expect(packet.readUInt16BE(12)).toBe(11);
    expect(packet.readUInt16BE(14)).toBe(1);
    expect(packet.readUIntBE(16, 3)).toBe(1); // 64.5 ms: the second 64 ms unit
    expect(packet.readUInt8(19)).toBe(1);
    expect(packet.readUInt8(22)).toBe(2); // 64.5 ms − 64 ms = 2 ticks
  });
});
