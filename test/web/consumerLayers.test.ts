import { describe, expect, it } from 'vitest';
import { ConsumerLayers, type LayerChoice } from '../../web/src/lesson/consumerLayers';

function recorder() {
  const sent: [string, LayerChoice][] = [];
  const layers = new ConsumerLayers(
    async (consumerId, choice) => void sent.push([consumerId, choice]),
  );
  return { sent, layers };
}

describe('ConsumerLayers: a new video starts low and rises once flowing', () => {
  it('asks for the lowest layer first, then the top one once the server forwards it', async () => {
    const { sent, layers } = recorder();
    await layers.start('c1');
    layers.handleLayersChanged('c1', null);
    expect(sent).toEqual([['c1', { spatialLayer: 0, enlarged: false }]]);
    layers.handleLayersChanged('c1', 0);
    layers.handleLayersChanged('c1', 0);
    expect(sent.at(-1)).toEqual(['c1', { spatialLayer: 2, enlarged: false }]);
    expect(sent).toHaveLength(2);
  });

  it("keeps a view's choice made before the video flows and applies it then", async () => {
    const { sent, layers } = recorder();
    await layers.start('thumb');
    await layers.prefer('thumb', { spatialLayer: 0, enlarged: false });
    layers.handleLayersChanged('thumb', 0);
    // A thumbnail stays on the lowest layer: nothing more to ask.
    expect(sent).toHaveLength(1);
    await layers.prefer('thumb', { spatialLayer: 2, enlarged: true });
    expect(sent.at(-1)).toEqual(['thumb', { spatialLayer: 2, enlarged: true }]);
  });
});
