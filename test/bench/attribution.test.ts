import { describe, expect, it } from 'vitest';
import {
  dropsAndDelays,
  lossyStreamLines,
  senderLine,
} from '../../signaling/bench/media/attribution';
import type { SsrcStat } from '../../signaling/bench/media/observe';
import type { Snapshot } from '../../signaling/bench/media/run';

const stat = (side: SsrcStat['side'], packets: number, lost = 0, retransmitted = 0): SsrcStat => ({
  side,
  packets,
  retransmitted,
  lost,
  nacks: retransmitted,
});

/** A snapshot of one lesson: the tutor's top layer sent (SSRC 1) and a class receiving it (SSRC 2). */
function snapshot(
  sent: number,
  received: number,
  expected: number,
  sfu: { produced: number; consumed: number; reportedLost: number },
  drops: { sfu: number; clients: number[] },
): Snapshot {
  return {
    at: 0,
    sfuCpu: 0,
    nodeCpu: 0,
    clientCpu: 0,
    counts: [
      { name: 'l0 tutor:camera/2', packets: sent, ssrc: 1 },
      { name: 'l0 classA<-tutor:video', packets: received, expected, ssrc: 2 },
    ],
    udpDrops: {
      sfu: new Map([[100, drops.sfu]]),
      clients: drops.clients.map((n, index) => new Map([[200 + index, n]])),
    },
    loop: drops.clients.map(() => ({ meanMs: 1.5, p99Ms: 20, maxMs: 45 })),
    sending: { framesDue: 0, framesDropped: 0, packetsPaced: 0, packetsQueued: 0 },
    ssrcStats: new Map([
      [1, stat('producer', sfu.produced)],
      [2, stat('consumer', sfu.consumed, sfu.reportedLost, 3)],
    ]),
  };
}

describe('where a window lost its packets', () => {
  const before = snapshot(
    1000,
    990,
    1000,
    { produced: 1000, consumed: 1000, reportedLost: 10 },
    { sfu: 0, clients: [5, 0] },
  );
  const after = snapshot(
    4000,
    3900,
    4000,
    { produced: 3990, consumed: 3990, reportedLost: 100 },
    { sfu: 0, clients: [65, 2] },
  );

  it("names each socket's drops and each client's event-loop lateness over the window", () => {
    expect(dropsAndDelays(before, after)).toBe(
      'UDP drops: SFU 0, clients 60 + 2; client event-loop lateness mean/p99/max ms: 1.5/20/45, 1.5/20/45',
    );
  });

  it("sets the SFU's count of a lossy stream beside the client's", () => {
    expect(lossyStreamLines(before, after)).toEqual([
      'l0 classA<-tutor:video: received 2910 of 3000; SFU sent 2990 (+0 retransmitted, 0 NACKed), ' +
        "the receiver's reports say 90 lost",
    ]);
  });

  it('sums what the producers sent against what the SFU received', () => {
    expect(senderLine(before, after)).toBe(
      'producers: the clients sent 3000, the SFU received 2990 and counted 0 lost, ' +
        'worst l0 tutor:camera/2 0.33 % short',
    );
  });

  it('leaves out the SFU side when the worker was not asked (Janus)', () => {
    const janus = { ...after, ssrcStats: undefined };
    expect(senderLine(before, janus)).toBeUndefined();
    expect(lossyStreamLines(before, janus)).toEqual([
      'l0 classA<-tutor:video: received 2910 of 3000',
    ]);
  });
});
