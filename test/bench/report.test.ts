import { describe, expect, it } from 'vitest';
import { summaryLines, type Row } from '../../signaling/bench/media/report';

/** A row with what the summary reads: target, L, CPU per stream and per lesson, worst loss. */
function measured(target: string, lessons: number, msPerStream: number, worstLoss: number): Row {
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
    usPerPacket: 0,
    flowingStreams: lessons * 16,
    plannedStreams: lessons * 16,
    sentPps: 0,
    forwardedPps: 0,
    delivered: 1,
    worstLoss,
    nodeCores: 0,
    clientCores: 0,
    lessonsPerCore: worstLoss < 0.005 ? 1000 / msPerLesson : 0,
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

  it('says so when Passerelle lost too much at every L', () => {
    expect(summaryLines([measured('passerelle', 8, 1.25, 0.01)])).toEqual([
      'browser DTX on: no L where Passerelle lost under 0.5 %',
    ]);
  });
});
