import { describe, expect, it } from 'vitest';
import {
  LOWER_DELAY_MS,
  RAISE_DELAY_MS,
  announceDelayMs,
  wantedSpatialLayer,
  type LayerDemand,
} from '../../signaling/dynacast/wantedLayers';
import { activeEncodings } from '../../web/src/lesson/senderLayers';

const viewer = (preferredSpatialLayer: number | undefined, paused = false): LayerDemand => ({
  preferredSpatialLayer,
  paused,
  hidden: false,
  enlarged: false,
});
const observer = (preferredSpatialLayer: number | undefined, enlarged = false): LayerDemand => ({
  preferredSpatialLayer,
  paused: false,
  hidden: true,
  enlarged,
});

describe('wantedSpatialLayer: the highest layer anybody watches', () => {
  it('wants nothing without a consumer, or when every consumer is paused', () => {
    expect(wantedSpatialLayer([], 3)).toBeNull();
    expect(wantedSpatialLayer([viewer(2, true)], 3)).toBeNull();
  });

  it('follows the tutor: a thumbnail needs the lowest layer, the spotlight the top one', () => {
    expect(wantedSpatialLayer([viewer(0)], 3)).toBe(0);
    expect(wantedSpatialLayer([viewer(0), viewer(2)], 3)).toBe(2);
    expect(wantedSpatialLayer([viewer(2, true), viewer(1)], 3)).toBe(1);
  });

  it('takes a consumer without a preference as wanting the top layer, capped to what is sent', () => {
    expect(wantedSpatialLayer([viewer(undefined)], 3)).toBe(2);
    expect(wantedSpatialLayer([viewer(undefined)], 1)).toBe(0);
    expect(wantedSpatialLayer([viewer(2)], 1)).toBe(0);
  });

  it('never lets a hidden viewer raise what the sender encodes, unless it enlarged the tile', () => {
    expect(wantedSpatialLayer([viewer(0), observer(2)], 3)).toBe(0);
    expect(wantedSpatialLayer([observer(undefined)], 3)).toBeNull();
    expect(wantedSpatialLayer([viewer(0), observer(2, true)], 3)).toBe(2);
    expect(wantedSpatialLayer([observer(1, true)], 3)).toBe(1);
    expect(wantedSpatialLayer([viewer(2), observer(0, true)], 3)).toBe(2);
  });
});

describe('announceDelayMs: raise at once, lower after a while', () => {
  it('raises quickly, including from nothing, and lowers slowly, including to nothing', () => {
    expect(announceDelayMs(0, 2)).toBe(RAISE_DELAY_MS);
    expect(announceDelayMs(null, 0)).toBe(RAISE_DELAY_MS);
    expect(announceDelayMs(2, 0)).toBe(LOWER_DELAY_MS);
    expect(announceDelayMs(0, null)).toBe(LOWER_DELAY_MS);
    expect(RAISE_DELAY_MS).toBeLessThan(LOWER_DELAY_MS);
  });
});

describe('activeEncodings: the page turns off the encodings above the wanted layer', () => {
  it('keeps the layers up to the wanted one, lowest first, and none for null', () => {
    expect(activeEncodings(3, 0)).toEqual([true, false, false]);
    expect(activeEncodings(3, 2)).toEqual([true, true, true]);
    expect(activeEncodings(3, null)).toEqual([false, false, false]);
    expect(activeEncodings(1, 0)).toEqual([true]);
  });
});
