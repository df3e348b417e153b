/*
 * Where a window's loss happened: the kernel's drops on the SFU's and on each
 * client process's UDP sockets, how late each client's event loop ran, and, per
 * lossy stream, what the SFU says it sent against what the client received (and
 * what each producer's SFU side received against what its client sent).
 */
import type { LoopDelay } from './clientProcess';
import { LOSS_LIMIT } from './report';
import type { Snapshot } from './run';
import { dropsBetween } from './udpDrops';

/** One line: socket drops (SFU, each client process) and the clients' event-loop delay. */
export function dropsAndDelays(before: Snapshot, after: Snapshot): string {
  const sfu = dropsBetween(before.udpDrops.sfu, after.udpDrops.sfu);
  const clients = after.udpDrops.clients.map((drops, index) =>
    dropsBetween(before.udpDrops.clients[index] ?? new Map(), drops),
  );
  const delay = (loop: LoopDelay) =>
    `${loop.meanMs.toFixed(1)}/${loop.p99Ms.toFixed(0)}/${loop.maxMs.toFixed(0)}`;
  return (
    `UDP drops: SFU ${sfu}, clients ${clients.join(' + ')}; ` +
    `client event-loop lateness mean/p99/max ms: ${after.loop.map(delay).join(', ')}`
  );
}

interface Delta {
  name: string;
  ssrc?: number;
  packets: number;
  due?: number;
}

function deltas(before: Snapshot, after: Snapshot): Delta[] {
  const earlier = new Map(before.counts.map((count) => [count.name, count]));
  return after.counts.map((count) => {
    const start = earlier.get(count.name);
    return {
      name: count.name,
      ssrc: count.ssrc,
      packets: count.packets - (start?.packets ?? 0),
      due: count.expected === undefined ? undefined : count.expected - (start?.expected ?? 0),
    };
  });
}

/** What the worker counted on `ssrc` over the window (undefined when not asked or not known). */
function sfuDelta(before: Snapshot, after: Snapshot, ssrc: number | undefined) {
  if (ssrc === undefined) return undefined;
  const end = after.ssrcStats?.get(ssrc);
  if (!end) return undefined;
  const start = before.ssrcStats?.get(ssrc);
  return {
    packets: end.packets - (start?.packets ?? 0),
    retransmitted: end.retransmitted - (start?.retransmitted ?? 0),
    lost: end.lost - (start?.lost ?? 0),
    nacks: end.nacks - (start?.nacks ?? 0),
  };
}

/**
 * Each received stream that lost more than the limit, with the SFU's count beside the
 * client's: the SFU sent it (the loss is past the SFU) or it did not (the SFU's).
 */
export function lossyStreamLines(before: Snapshot, after: Snapshot): string[] {
  return deltas(before, after).flatMap(({ name, ssrc, packets, due }) => {
    if (due === undefined || (due > 0 && packets >= due * (1 - LOSS_LIMIT))) return [];
    const sfu = sfuDelta(before, after, ssrc);
    const sfuSide = sfu
      ? `; SFU sent ${sfu.packets} (+${sfu.retransmitted} retransmitted, ` +
        `${sfu.nacks} NACKed), the receiver's reports say ${sfu.lost} lost`
      : '';
    return [`${name}: received ${packets} of ${due}${sfuSide}`];
  });
}

/**
 * The producers' side, summed: packets the clients sent, what the SFU received of them and
 * counted lost, and the worst stream (nothing when the SFU was not asked).
 */
export function senderLine(before: Snapshot, after: Snapshot): string | undefined {
  if (!after.ssrcStats) return undefined;
  let sent = 0;
  let received = 0;
  let lost = 0;
  let worst = { name: '', share: 0 };
  for (const { name, ssrc, packets, due } of deltas(before, after)) {
    const sfu = due === undefined ? sfuDelta(before, after, ssrc) : undefined;
    if (!sfu) continue;
    sent += packets;
    received += sfu.packets;
    lost += sfu.lost;
    const share = packets > 0 ? 1 - sfu.packets / packets : 0;
    if (share > worst.share) worst = { name, share };
  }
  const worstPart = worst.name
    ? `, worst ${worst.name} ${(worst.share * 100).toFixed(2)} % short`
    : '';
  return `producers: the clients sent ${sent}, the SFU received ${received} and counted ${lost} lost${worstPart}`;
}
