/** An unstabilized recommendation and when it was made (ms). */
export interface TimestampedRecommendation {
  recommendation: number;
  timestamp: number;
}

/** A past rescale: how many replicas it added or removed (always ≥ 0), when, and whether it may be reused. */
export interface TimestampedScaleEvent {
  replicaChange: number;
  timestamp: number;
  outdated: boolean;
}

/**
 * What upstream's controller keeps in memory per HPA between syncs; here the caller keeps it (the
 * controller Durable Object persists it) and passes it back. `recommendations` undefined means
 * "never synced" (the first sync records the current count, as recordInitialRecommendation does);
 * an empty list means synced, with nothing to remember.
 */
export interface HpaHistory {
  recommendations?: TimestampedRecommendation[];
  scaleUpEvents: TimestampedScaleEvent[];
  scaleDownEvents: TimestampedScaleEvent[];
}

/** The history of an HPA never synced. */
export function emptyHpaHistory(): HpaHistory {
  return { scaleUpEvents: [], scaleDownEvents: [] };
}
