/** What the eviction manager knows of one active pod: its identity, priority and memory stats. */
export interface EvictionCandidate {
  /** `namespace/name`. */
  key: string;
  name: string;
  /** spec.priority (0 when unset). */
  priority: number;
  /** Static, mirror or system-critical pods are never evicted (kubelettypes.IsCriticalPod). */
  critical: boolean;
  /** The pod's memory request as the scheduler counts it (GetResourceRequestQuantity). */
  memoryRequestBytes: number;
  /** The pod cgroup's working set. */
  workingSetBytes: number;
  /** Per container: working set and the request as written in the spec (for the message). */
  containers: { name: string; workingSetBytes: number; memoryRequest?: string; memoryRequestBytes: number }[];
  /** emptyDir volumes with what they hold (for the local-storage limit check). */
  emptyDirs?: { name: string; usedBytes: number; sizeLimit?: string; sizeLimitBytes?: number; medium?: string }[];
}

type Cmp = (a: EvictionCandidate, b: EvictionCandidate) => number;

// cmpBool: true sorts first
const cmpBool = (a: boolean, b: boolean) => (a === b ? 0 : a ? -1 : 1);

/** exceedMemoryRequests: pods whose usage exceeds their request come first. */
export const exceedMemoryRequests: Cmp = (a, b) => cmpBool(a.workingSetBytes > a.memoryRequestBytes, b.workingSetBytes > b.memoryRequestBytes);

/** priority: lower priority first. */
export const byPriority: Cmp = (a, b) => (a.priority === b.priority ? 0 : a.priority > b.priority ? 1 : -1);

/** memory: the larger consumer relative to its request first. */
export const byMemoryAboveRequest: Cmp = (a, b) => Math.sign((b.workingSetBytes - b.memoryRequestBytes) - (a.workingSetBytes - a.memoryRequestBytes));

/** orderedBy(cmp...): the first comparison that tells two pods apart decides. */
export function orderedBy(...cmps: Cmp[]): (pods: readonly EvictionCandidate[]) => EvictionCandidate[] {
  return (pods) =>
    [...pods].sort((a, b) => {
      for (const c of cmps) {
        const r = c(a, b);
        if (r !== 0) return r;
      }
      return 0;
    });
}

/**
 * rankMemoryPressure (pkg/kubelet/eviction/helpers.go): pods whose working set exceeds their
 * request first, then lower priority, then larger usage above request. Upstream's sort is not
 * stable; this one is, so pods equal on every key keep their input order.
 * @example rankMemoryPressure([guaranteed, bestEffort])[0] === bestEffort // a BestEffort pod using anything exceeds its 0 request
 */
export const rankMemoryPressure = orderedBy(exceedMemoryRequests, byPriority, byMemoryAboveRequest);
