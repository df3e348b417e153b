/**
 * Dynacast for a lesson: which spatial layers of one producer anybody needs.
 * Pure, so the rule can be tested without a browser or a worker.
 */

/** One consumer's demand, as the signalling layer weighs it. */
export interface LayerDemand {
  /** The layer the consumer prefers; undefined means the producer's top layer. */
  preferredSpatialLayer: number | undefined;
  /** A paused consumer receives nothing and needs nothing. */
  paused: boolean;
  /** Consumed by someone nobody may know of (an inspector, a coordinator). */
  hidden: boolean;
  /** A hidden viewer that enlarged this tile on purpose (setConsumerPreferredLayers `enlarged`). */
  enlarged: boolean;
}

/**
 * The highest spatial layer the producer must encode, or null when nobody
 * needs any. A hidden viewer's demand counts only up to what the visible
 * viewers already need, so the sender never encodes more (and never learns
 * of an observer) because of it, unless that viewer enlarged the tile: then
 * it counts like anyone else's, indistinguishable from a tutor's spotlight.
 */
export function wantedSpatialLayer(
  demands: readonly LayerDemand[],
  spatialLayerCount: number,
): number | null {
  const top = Math.max(0, spatialLayerCount - 1);
  const layerOf = (demand: LayerDemand) => Math.min(demand.preferredSpatialLayer ?? top, top);
  const active = demands.filter((demand) => !demand.paused);
  const visible = highest(active.filter((demand) => !demand.hidden).map(layerOf));
  const enlarged = highest(active.filter((d) => d.hidden && d.enlarged).map(layerOf));
  if (visible === null) return enlarged;
  return enlarged === null ? visible : Math.max(visible, enlarged);
}

function highest(layers: number[]): number | null {
  return layers.length === 0 ? null : Math.max(...layers);
}

/**
 * How long a change waits before the sender hears of it. Raising is nearly
 * immediate (the spotlight's top layer must be back within a second);
 * lowering waits, so a tutor flicking through classes does not make their
 * encoders stop and restart (each restart costs a keyframe).
 */
export const RAISE_DELAY_MS = 100;
export const LOWER_DELAY_MS = 2_000;

/** The delay before announcing `next` when the sender was last told `announced`. */
export function announceDelayMs(announced: number | null, next: number | null): number {
  return (next ?? -1) > (announced ?? -1) ? RAISE_DELAY_MS : LOWER_DELAY_MS;
}
