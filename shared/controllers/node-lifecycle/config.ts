/**
 * kube-controller-manager 1.32's node lifecycle settings (flags --node-monitor-period,
 * --node-monitor-grace-period, --node-startup-grace-period, --node-eviction-rate,
 * --secondary-node-eviction-rate, --large-cluster-size-threshold, --unhealthy-zone-threshold).
 */
export interface NodeLifecycleConfig {
  /** How often monitorNodeHealth runs (5 s). */
  nodeMonitorPeriodMs: number;
  /** How long a node may go without a Ready heartbeat or a Lease renewal before it is Unknown (50 s since 1.32; 40 s before). */
  nodeMonitorGracePeriodMs: number;
  /** The grace for a node that never posted a Ready condition, counted from its creation (60 s). */
  nodeStartupGracePeriodMs: number;
  /** Nodes tainted NoExecute per second in a healthy zone (0.1). */
  evictionLimiterQps: number;
  /** Nodes tainted per second in a partially disrupted zone larger than largeClusterThreshold (0.01). */
  secondaryEvictionLimiterQps: number;
  /** Zones with more nodes than this keep the secondary rate when partially disrupted; smaller ones stop (50). */
  largeClusterThreshold: number;
  /** Fraction of not-ready nodes (with more than 2 of them) that makes a zone PartialDisruption (0.55). */
  unhealthyZoneThreshold: number;
}

export const DEFAULT_NODE_LIFECYCLE_CONFIG: NodeLifecycleConfig = {
  nodeMonitorPeriodMs: 5_000,
  nodeMonitorGracePeriodMs: 50_000,
  nodeStartupGracePeriodMs: 60_000,
  evictionLimiterQps: 0.1,
  secondaryEvictionLimiterQps: 0.01,
  largeClusterThreshold: 50,
  unhealthyZoneThreshold: 0.55,
};

/** The config with `overrides` applied over the defaults. */
export function nodeLifecycleConfig(overrides: Partial<NodeLifecycleConfig> = {}): NodeLifecycleConfig {
  return { ...DEFAULT_NODE_LIFECYCLE_CONFIG, ...overrides };
}

/** scheduler.NodeEvictionPeriod: how often upstream tries the zones' NoExecute tainting queues (100 ms). */
export const NODE_EVICTION_PERIOD_MS = 100;
/** scheduler.EvictionRateLimiterBurst: every zone's token bucket holds one token. */
export const EVICTION_RATE_LIMITER_BURST = 1;
/** doNoExecuteTaintingPass retries a node without a Ready condition after 50 ms. */
export const TAINT_RETRY_MS = 50;
/** The `source.component` of the node lifecycle controller's events. */
export const NODE_CONTROLLER_COMPONENT = 'node-controller';
/** Nodes with this label are left out of zone disruption counts. */
export const LABEL_EXCLUDE_DISRUPTION = 'node.kubernetes.io/exclude-disruption';
