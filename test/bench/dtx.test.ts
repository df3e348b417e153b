import { describe, expect, it } from 'vitest';
import { OpusDtx, seatUsesDtx, type DtxFrame } from '../../signaling/bench/media/dtx';

/** The frames a DTX encoder makes of `voice`, one flag per 20 ms frame. */
function framesOf(voice: boolean[]): DtxFrame[] {
  const dtx = new OpusDtx();
  return voice.map((active) => dtx.next(active));
}

describe('the bench microphone with Opus DTX, as libopus and libwebrtc send it', () => {
  it('sends 10 frames of silence, then the first DTX frame, then a refresh every 21 frames', () => {
    const frames = framesOf(Array<boolean>(52).fill(false));
    expect(frames.slice(0, 10)).toEqual(Array<DtxFrame>(10).fill('speech'));
    expect(frames[10]).toBe('dtx-first');
    expect(frames.slice(11, 30)).toEqual(Array<DtxFrame>(19).fill('skip'));
    expect(frames[30]).toBe('refresh');
    expect(frames[31]).toBe('dtx-first');
    expect(frames[51]).toBe('refresh');
  });

  it('sends about 4.8 packets a second through a long silence, and every frame of speech', () => {
    const silence = framesOf(Array<boolean>(50 * 60).fill(false)).filter((f) => f !== 'skip');
    const perSecond = (silence.length - 10) / 60;
    expect(perSecond).toBeGreaterThan(4.5);
    expect(perSecond).toBeLessThan(5);
    expect(framesOf(Array<boolean>(500).fill(true)).every((f) => f === 'speech')).toBe(true);
  });

  it('starts over when speech comes back', () => {
    const frames = framesOf([...Array<boolean>(40).fill(false), true, false]);
    expect(frames[40]).toBe('speech');
    expect(frames[41]).toBe('speech'); // one quiet frame is not yet DTX
  });

  it("follows Passerelle's policy: the classes with DTX, the tutor continuous", () => {
    expect(seatUsesDtx('classA', 'on')).toBe(true);
    expect(seatUsesDtx('classB', 'on')).toBe(true);
    expect(seatUsesDtx('tutor', 'on')).toBe(false);
    expect(seatUsesDtx('classA', 'off')).toBe(false);
  });
});
