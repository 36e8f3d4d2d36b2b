import type { Pod } from 'kubernetes-types/core/v1';
import { parseQuantity } from '../nodes/quantity';
import { isHostNetworkPod } from '../nodes/pod-network';

export const INGRESS_BANDWIDTH_ANNOTATION = 'kubernetes.io/ingress-bandwidth';
export const EGRESS_BANDWIDTH_ANNOTATION = 'kubernetes.io/egress-bandwidth';

/** containerd passes no burst with an annotation's rate: math.MaxUint32 bits, "no burst limit". */
export const UNLIMITED_BURST_BITS = 4294967295;

/** The bandwidth plugin's token bucket filter for one direction (plugins/meta/bandwidth, 25 ms latency). */
export interface TokenBucket {
  rateBitsPerSecond: number;
  burstBits: number;
  /** Bytes the queue holds: rate/8 × 25 ms + burst/8. */
  limitBytes: number;
}

/**
 * The plugin's TBF for a rate and burst in bits: both or neither ("if rate is set, burst must also be set"),
 * limit = rate/8 × latency + burst/8 bytes.
 *
 * @example tokenBucket(8_000_000, 800_000) // { rateBitsPerSecond: 8000000, burstBits: 800000, limitBytes: 125000 }
 */
export function tokenBucket(rateBits: number, burstBits: number): TokenBucket | { error: string } {
  if ((rateBits > 0) !== (burstBits > 0)) return { error: rateBits > 0 ? 'if rate is set, burst must also be set' : 'if burst is set, rate must also be set' };
  const latencySeconds = 0.025;
  return { rateBitsPerSecond: rateBits, burstBits, limitBytes: Math.floor((rateBits / 8) * latencySeconds) + Math.floor(burstBits / 8) };
}

export interface PodBandwidth {
  ingress?: TokenBucket;
  egress?: TokenBucket;
}

/**
 * The pod's bandwidth annotations as the container runtime hands them to the bandwidth plugin: quantities of
 * bits per second between 1k and 1P (the runtime's errors outside), each as a rate with an unlimited burst.
 * A pod on the host's network has none: the runtime calls no CNI plugin for it and never reads them.
 */
export function podBandwidth(pod: Pod): PodBandwidth | { error: string } {
  const out: PodBandwidth = {};
  if (isHostNetworkPod(pod)) return out;
  for (const [dir, key] of [['ingress', INGRESS_BANDWIDTH_ANNOTATION], ['egress', EGRESS_BANDWIDTH_ANNOTATION]] as const) {
    const text = pod.metadata?.annotations?.[key];
    if (text === undefined) continue;
    const value = parseQuantity(text);
    if (value === undefined) return { error: `quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'` };
    if (value < 1e3) return { error: 'resource is unreasonably small (< 1kbit)' };
    if (value > 1e15) return { error: 'resource is unreasonably large (> 1Pbit)' };
    out[dir] = tokenBucket(Math.ceil(value), UNLIMITED_BURST_BITS) as TokenBucket;
  }
  return out;
}

/** What shaping does to a path: the source's egress bucket and the destination's ingress bucket cap the flow. */
export function shapedThroughput(
  throughputMbps: number,
  src: PodBandwidth | { error: string },
  dst: PodBandwidth | { error: string },
): { throughputMbps: number; shaping?: { egressMbps?: number; ingressMbps?: number } } {
  const egress = 'error' in src ? undefined : src.egress;
  const ingress = 'error' in dst ? undefined : dst.ingress;
  if (!egress && !ingress) return { throughputMbps };
  const egressMbps = egress && egress.rateBitsPerSecond / 1e6;
  const ingressMbps = ingress && ingress.rateBitsPerSecond / 1e6;
  return {
    throughputMbps: Math.min(throughputMbps, egressMbps ?? Infinity, ingressMbps ?? Infinity),
    shaping: { ...(egressMbps !== undefined ? { egressMbps } : {}), ...(ingressMbps !== undefined ? { ingressMbps } : {}) },
  };
}
