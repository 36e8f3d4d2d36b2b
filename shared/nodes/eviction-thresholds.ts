import { parseGoDuration } from '../clock/go-duration';
import { formatBytes, parseBytes } from './quantity';

/** The eviction signals the simulated kubelet observes (pkg/kubelet/eviction/api). */
export type EvictionSignal = 'memory.available';

/** One eviction threshold: `signal < value`, met for `gracePeriodMs` before it drives evictions (0: hard). */
export interface EvictionThreshold {
  signal: EvictionSignal;
  /** An absolute quantity in bytes, or a fraction of capacity (0.1 for "10%"). */
  bytes?: number;
  percentage?: number;
  gracePeriodMs: number;
}

/** Kubelet defaults (pkg/kubelet/apis/config/v1beta1/defaults_linux.go, defaults.go). */
export const EVICTION_DEFAULTS = {
  hard: { 'memory.available': '100Mi' },
  /** --eviction-pressure-transition-period: a pressure condition stays True this long after the last observation. */
  pressureTransitionPeriodMs: 5 * 60_000,
  /** --eviction-max-pod-grace-period: the grace a soft eviction gives a pod (0: the pod's own, capped at none). */
  maxPodGracePeriodSeconds: 0,
  /** The eviction manager's housekeeping interval (evictionMonitoringPeriod). */
  monitoringIntervalMs: 10_000,
} as const;

/** Thresholds as a NodePool carries them (the kubelet's --eviction-hard, --eviction-soft, --eviction-soft-grace-period). */
export interface EvictionConfig {
  hard?: Partial<Record<string, string>>;
  soft?: Partial<Record<string, string>>;
  /** Go durations ("1m30s") per signal; every soft threshold needs one. */
  softGracePeriod?: Partial<Record<string, string>>;
}

/**
 * The thresholds a kubelet enforces (ParseThresholdConfig): hard ones have no grace period, soft
 * ones the grace period given for their signal. Signals the simulator does not observe are dropped.
 * Returns the error upstream's flag parsing gives for a malformed statement.
 * @example parseEvictionThresholds({ hard: { 'memory.available': '100Mi' } }) // [{ signal: 'memory.available', bytes: 104857600, gracePeriodMs: 0 }]
 */
export function parseEvictionThresholds(config: EvictionConfig): { thresholds: EvictionThreshold[] } | { error: string } {
  const out: EvictionThreshold[] = [];
  for (const [kind, stmts] of [['hard', config.hard ?? {}], ['soft', config.soft ?? {}]] as const) {
    for (const [signal, value] of Object.entries(stmts)) {
      if (value === undefined) continue;
      const parsed = parseThresholdValue(signal, value);
      if ('error' in parsed) return parsed;
      let gracePeriodMs = 0;
      if (kind === 'soft') {
        const grace = config.softGracePeriod?.[signal];
        const ms = grace === undefined ? undefined : parseGoDuration(grace);
        if (ms === undefined) return { error: `grace period must be specified for the soft eviction threshold ${signal}` };
        gracePeriodMs = ms;
      }
      if (signal === 'memory.available') out.push({ signal, ...parsed, gracePeriodMs });
    }
  }
  return { thresholds: out };
}

function parseThresholdValue(signal: string, value: string): { bytes: number } | { percentage: number } | { error: string } {
  if (value.endsWith('%')) {
    const p = Number(value.slice(0, -1));
    if (!Number.isFinite(p) || p < 0 || p > 100) return { error: `eviction percentage threshold ${signal} must be >= 0% and <= 100%: ${value}` };
    return { percentage: p / 100 };
  }
  const bytes = parseBytes(value);
  if (bytes === undefined) return { error: `unable to parse threshold quantity ${JSON.stringify(value)} for ${signal}` };
  if (bytes < 0) return { error: `eviction threshold ${signal} must be positive: ${value}` };
  return { bytes };
}

/** GetThresholdQuantity: the threshold in bytes for a signal whose capacity is `capacityBytes`. */
export function thresholdBytes(t: EvictionThreshold, capacityBytes: number): number {
  return t.bytes ?? Math.trunc(capacityBytes * (t.percentage ?? 0));
}

/** The threshold as `%v` prints its quantity in the eviction message ("100Mi"). */
export function formatThreshold(t: EvictionThreshold, capacityBytes: number): string {
  return formatBytes(thresholdBytes(t, capacityBytes));
}

/** A stable identity for a threshold (upstream keys its first-observed map by the Threshold value). */
export function thresholdId(t: EvictionThreshold): string {
  return `${t.signal}<${t.bytes ?? `${(t.percentage ?? 0) * 100}%`}/${t.gracePeriodMs}`;
}
