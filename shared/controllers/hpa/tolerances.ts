/**
 * How far a usage ratio may stray from 1 before the HPA acts, per direction. 1.32 has one
 * tolerance for both (the flag); autoscaling/v2 behavior.scaleUp/scaleDown.tolerance is alpha in
 * 1.33 (HPAConfigurableTolerance) and is not read here, but the calculator already takes both.
 */
export interface Tolerances {
  scaleDown: number;
  scaleUp: number;
}

/** The same tolerance both ways (the 1.32 flag). */
export function uniformTolerances(tolerance: number): Tolerances {
  return { scaleDown: tolerance, scaleUp: tolerance };
}

/**
 * True when `ratio` is close enough to 1 to keep the current count. Computed as 1.32's
 * `math.Abs(1.0-usageRatio) <= tolerance` (same float rounding at the boundary), split by side.
 */
export function withinTolerance(ratio: number, t: Tolerances): boolean {
  const d = 1.0 - ratio;
  return d >= 0 ? d <= t.scaleDown : -d <= t.scaleUp;
}
