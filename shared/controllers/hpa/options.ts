/**
 * kube-controller-manager's HPA flags (1.32 defaults). Tests of upstream's tables use their own
 * values (2 min / 10 s initialization, scale-up factor 8), so every number is an option.
 */
export interface HpaOptions {
  /** --horizontal-pod-autoscaler-tolerance: ratios within 1±tolerance do not scale. */
  tolerance: number;
  /** --horizontal-pod-autoscaler-cpu-initialization-period, ms. */
  cpuInitializationPeriodMs: number;
  /** --horizontal-pod-autoscaler-initial-readiness-delay, ms. */
  delayOfInitialReadinessStatusMs: number;
  /** --horizontal-pod-autoscaler-downscale-stabilization, seconds (also the default scaleDown window). */
  downscaleStabilizationWindowSeconds: number;
  /** Legacy (behavior unset) scale-up cap: max(factor × current, minimum) per sync. */
  scaleUpLimitFactor: number;
  scaleUpLimitMinimum: number;
}

/** The defaults kube-controller-manager 1.32 runs with. */
export const HPA_DEFAULTS: HpaOptions = {
  tolerance: 0.1,
  cpuInitializationPeriodMs: 5 * 60_000,
  delayOfInitialReadinessStatusMs: 30_000,
  downscaleStabilizationWindowSeconds: 300,
  scaleUpLimitFactor: 2,
  scaleUpLimitMinimum: 4,
};

/** --horizontal-pod-autoscaler-sync-period: each HPA is reconciled this often. */
export const HPA_SYNC_PERIOD_MS = 15_000;

/** `source.component` of the controller's events. */
export const HPA_COMPONENT = 'horizontal-pod-autoscaler';

/** Go's zero time.Time in ms: what a missing timestamp compares as. */
export const GO_ZERO_TIME = -62_135_596_800_000;

/** Options with defaults filled in. */
export function hpaOptions(o?: Partial<HpaOptions>): HpaOptions {
  return { ...HPA_DEFAULTS, ...o };
}
