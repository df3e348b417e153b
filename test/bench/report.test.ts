import { describe, expect, it } from 'vitest';
import {
  clientsBehind,
  combineRounds,
  isClean,
  lessonsPerCoreAtIssueSpeed,
  ratioLines,
  summaryLines,
  type Row,
} from '../../signaling/bench/media/report';

/**
 * A row with what the summary reads: target, L, CPU per stream and per lesson, worst loss, and
 * how far its clients fell behind.
 */
function measured(
  target: string,
  lessons: number,
  msPerStream: number,
  worstLoss: number,
  clientsBehind = 0,
): Row {
  const msPerLesson = msPerStream * 16;
  return {
    target,
    extensions: 'browser',
    dtx: 'on',
    lessons,
    seconds: 20,
    sfuCores: (msPerLesson * lessons) / 1000,
    msPerLesson,
    msPerStream,
    // As if every stream carried 100 packets a second.
    usPerPacket: msPerStream * 10,
    flowingStreams: lessons * 16,
    plannedStreams: lessons * 16,
    sentPps: 0,
    forwardedPps: 0,
    delivered: 1,
    worstLoss,
    nodeCores: 0,
    clientCores: 0,
    clientsBehind,
    lessonsPerCore: isClean({ worstLoss, clientsBehind }) ? 1000 / msPerLesson : 0,
  };
}

describe('the bench:media headline', () => {
  it('gives lessons per core and both ratios at the largest L where Passerelle stayed clean', () => {
    const rows = [
      measured('passerelle', 6, 1.6, 0.001),
      measured('bare', 6, 1.5, 0.001),
      measured('janus', 6, 3.2, 0),
      measured('passerelle', 8, 1.25, 0.002),
      measured('bare', 8, 1.2, 0.007),
      measured('janus', 8, 3.125, 0),
      measured('passerelle', 10, 1.2, 0.02),
      measured('bare', 10, 1.1, 0.03),
      measured('janus', 10, 3.0, 0),
    ];
    expect(summaryLines(rows)).toEqual([
      'browser DTX on, at the largest clean L=8: Passerelle 50 lessons/core, ' +
        'Passerelle / bare 1.04 (bare lost over the limit), Janus / Passerelle 2.50',
    ]);
  });

  it("adds lessons per core at the issue's machine speed when the run was calibrated", () => {
    const rows = [measured('passerelle', 14, 1.5625, 0), measured('bare', 14, 1.5, 0)];
    // 40 lessons/core on a machine whose fan-out read 25.2 µs per forwarded packet: 1.2 and
    // 1.05 times slower than the issue's 21-24, so 42-48 lessons at its speed.
    const [fewest, most] = lessonsPerCoreAtIssueSpeed(40, 25.2);
    expect(fewest).toBeCloseTo(42, 9);
    expect(most).toBeCloseTo(48, 9);
    expect(summaryLines(rows, 25.2)).toEqual([
      'browser DTX on, at the largest clean L=14: Passerelle 40 lessons/core, ' +
        "42-48 at the issue's machine speed (calibration 25.2 against its 21-24 µs per forwarded packet), " +
        'Passerelle / bare 1.04',
    ]);
    // No calibration (or one that was not clean): the measured figure alone.
    expect(summaryLines(rows, 0)[0]).not.toContain("issue's machine speed");
  });

  it('says so when Passerelle lost too much at every L', () => {
    expect(summaryLines([measured('passerelle', 8, 1.25, 0.01)])).toEqual([
      'browser DTX on: no L where Passerelle ran clean (loss under 0.5 %, clients keeping up)',
    ]);
  });

  it("compares Janus where both ran clean, not where Janus's clients fell behind", () => {
    const rows = [
      measured('passerelle', 12, 1.6, 0),
      measured('janus', 12, 4.16, 0),
      measured('passerelle', 14, 1.5, 0),
      measured('bare', 14, 1.5, 0),
      // Janus took more of the two cores: its clients sent 17 % less than their seats made.
      measured('janus', 14, 3.6, 0, 0.17),
    ];
    expect(summaryLines(rows)).toEqual([
      'browser DTX on, at the largest clean L=14: Passerelle 42 lessons/core, ' +
        'Passerelle / bare 1.00, Janus / Passerelle 2.60 at L=12, the largest L where both ran ' +
        "clean (at L=14 janus's clients fell 17.0 % behind)",
    ]);
    // A row whose clients fell behind gives no lessons per core, and its ratio line says why.
    expect(rows[4]!.lessonsPerCore).toBe(0);
    expect(ratioLines(rows)[1]).toBe(
      'L=14 browser DTX on: Passerelle / bare 1.00 (per packet 1.00), ' +
        'Janus / Passerelle 2.40 (per packet 2.40) (CPU per forwarded stream); ' +
        "not clean: janus's clients fell 17.0 % behind",
    );
  });

  it("takes no headline from an L where Passerelle's own clients fell behind", () => {
    const rows = [measured('passerelle', 12, 1.6, 0), measured('passerelle', 14, 1.5, 0, 0.02)];
    expect(summaryLines(rows)[0]).toMatch(
      /^browser DTX on, at the largest clean L=12: Passerelle 39 lessons\/core$/,
    );
  });
});

describe('how far the clients fell behind', () => {
  const tally = (
    framesDue: number,
    framesDropped: number,
    packetsPaced: number,
    packetsQueued: number,
  ) => ({
    framesDue,
    framesDropped,
    packetsPaced,
    packetsQueued,
  });

  it('is nothing when they sent all they made, whatever their pacers held at both ends', () => {
    expect(clientsBehind(tally(100, 0, 500, 3), tally(1100, 0, 5500, 2))).toBe(0);
  });

  it('counts the frames their timers dropped, or the backlog their pacers grew, whichever is more', () => {
    expect(clientsBehind(tally(0, 0, 0, 0), tally(1000, 50, 4000, 0))).toBe(0.05);
    expect(clientsBehind(tally(0, 0, 0, 0), tally(1000, 10, 4000, 800))).toBe(0.2);
  });
});

describe('the bench:media ratios', () => {
  it('compares Passerelle without dynacast with the bare router too, where it ran', () => {
    const rows = [
      measured('passerelle', 10, 1.5, 0),
      measured('passerelle-nodynacast', 10, 1.8, 0),
      measured('bare', 10, 1.75, 0),
      measured('janus', 10, 4.5, 0),
      measured('passerelle', 12, 1.5, 0),
      measured('bare', 12, 1.6, 0),
    ];
    expect(ratioLines(rows)).toEqual([
      'L=10 browser DTX on: Passerelle / bare 0.86 (per packet 0.86), ' +
        'Passerelle without dynacast / bare 1.03 (per packet 1.03), ' +
        'Janus / Passerelle 3.00 (per packet 3.00) (CPU per forwarded stream)',
      'L=12 browser DTX on: Passerelle / bare 0.94 (per packet 0.94) (CPU per forwarded stream)',
    ]);
  });
});

describe('a configuration measured in rounds', () => {
  it('takes the median cost, so one slow round does not decide a ratio', () => {
    const combined = combineRounds([
      measured('passerelle', 10, 1.2, 0),
      measured('passerelle', 10, 1.9, 0.001), // the machine slowed down for this one
      measured('passerelle', 10, 1.25, 0),
    ]);
    expect(combined.msPerStream).toBe(1.25);
    expect(combined.msPerLesson).toBe(20);
    expect(combined.lessonsPerCore).toBe(50);
    expect(combined.worstLoss).toBe(0.001);
    expect(combined.rounds).toEqual([19.2, 1.9 * 16, 20]);
    expect(combined.seconds).toBe(60);
  });

  it('gives no lessons per core when any round lost over the limit', () => {
    const combined = combineRounds([
      measured('bare', 10, 1.2, 0),
      measured('bare', 10, 1.2, 0.02),
      measured('bare', 10, 1.2, 0),
    ]);
    expect(combined.worstLoss).toBe(0.02);
    expect(combined.lessonsPerCore).toBe(0);
    expect(summaryLines([combined])).toEqual([
      'browser DTX on: no L where Passerelle ran clean (loss under 0.5 %, clients keeping up)',
    ]);
  });

  it('keeps the most any round fell behind, and then gives no lessons per core', () => {
    const combined = combineRounds([
      measured('janus', 14, 3.6, 0, 0.001),
      measured('janus', 14, 3.6, 0, 0.17),
      measured('janus', 14, 3.6, 0, 0),
    ]);
    expect(combined.clientsBehind).toBe(0.17);
    expect(combined.lessonsPerCore).toBe(0);
  });

  it('averages the middle two of an even number of rounds, and keeps a single round as it is', () => {
    const one = measured('janus', 6, 3, 0);
    expect(combineRounds([one])).toBe(one);
    expect(
      combineRounds([measured('janus', 6, 3, 0), measured('janus', 6, 4, 0)]).msPerStream,
    ).toBe(3.5);
    expect(() => combineRounds([])).toThrow();
  });
});
