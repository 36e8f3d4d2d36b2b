import type { NodeCondition } from 'kubernetes-types/core/v1';
import type { NodeFaults } from './node-pool-types';
import { rfc3339 } from './time-format';

type Spec = { type: string; bad: boolean; reason: string; message: string };

const MEMORY_PRESSURE = [
  { type: 'MemoryPressure', bad: false, reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
  { type: 'MemoryPressure', bad: true, reason: 'KubeletHasInsufficientMemory', message: 'kubelet has insufficient memory available' },
] as const satisfies readonly Spec[];
const DISK_PRESSURE = [
  { type: 'DiskPressure', bad: false, reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
  { type: 'DiskPressure', bad: true, reason: 'KubeletHasDiskPressure', message: 'kubelet has disk pressure' },
] as const satisfies readonly Spec[];
const PID_PRESSURE = [
  { type: 'PIDPressure', bad: false, reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
  { type: 'PIDPressure', bad: true, reason: 'KubeletHasInsufficientPID', message: 'kubelet has insufficient PID available' },
] as const satisfies readonly Spec[];
const READY = [
  { type: 'Ready', bad: false, reason: 'KubeletReady', message: 'kubelet is posting ready status' },
  {
    type: 'Ready',
    bad: true,
    reason: 'KubeletNotReady',
    message: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
  },
] as const satisfies readonly Spec[];

/**
 * The four conditions kubelet posts (pkg/kubelet/nodestatus/setters.go), in upstream's order,
 * with upstream's reasons and messages for the healthy and the faulty state.
 */
export function conditionSpecs(f: NodeFaults = {}): Spec[] {
  return [MEMORY_PRESSURE[f.memoryPressure ? 1 : 0], DISK_PRESSURE[f.diskPressure ? 1 : 0], PID_PRESSURE[f.pidPressure ? 1 : 0], READY[f.notReady ? 1 : 0]];
}

/** The status a spec's condition posts: Ready is positive, the pressures are negative (True means trouble). */
const statusOf = (s: Spec) => (s.type === 'Ready' ? (s.bad ? 'False' : 'True') : s.bad ? 'True' : 'False');

/** The previous condition of `type` (a linear look: a node has a handful). */
function previousOf(previous: NodeCondition[] | undefined, type: string): NodeCondition | undefined {
  if (previous) for (const c of previous) if (c.type === type) return c;
  return undefined;
}

/**
 * Whether the conditions for `faults` differ from `previous` in anything but their times (a status,
 * reason or message, or a condition missing): nodeConditions' `changed`, without building them.
 * @example conditionsChanged(nodeConditions('n', undefined, {}, now).conditions, {}) === false
 */
export function conditionsChanged(previous: NodeCondition[] | undefined, faults: NodeFaults | undefined): boolean {
  for (const s of conditionSpecs(faults)) {
    const prev = previousOf(previous, s.type);
    if (!prev || prev.status !== statusOf(s) || prev.reason !== s.reason || prev.message !== s.message) return true;
  }
  return false;
}

/** Node event reasons kubelet records when a condition flips (recordNodeStatusEvent). */
const EVENT_REASON: Record<string, [ok: string, bad: string]> = {
  MemoryPressure: ['NodeHasSufficientMemory', 'NodeHasInsufficientMemory'],
  DiskPressure: ['NodeHasNoDiskPressure', 'NodeHasDiskPressure'],
  PIDPressure: ['NodeHasSufficientPID', 'NodeHasInsufficientPID'],
  Ready: ['NodeReady', 'NodeNotReady'],
};

/** A kubelet event about a node or pod, ready to be written as a core/v1 Event. */
export interface SimEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** When it happened (epoch ms). */
  atMs: number;
  /** involvedObject.fieldPath, e.g. `spec.containers{nginx}`. */
  fieldPath?: string;
}

/**
 * Conditions for `faults` at `now`, keeping each previous lastTransitionTime unless the
 * status flipped; also returns the node events for the flips.
 */
export function nodeConditions(
  nodeName: string,
  previous: NodeCondition[] | undefined,
  faults: NodeFaults | undefined,
  now: number,
): { conditions: NodeCondition[]; events: SimEvent[]; changed: boolean } {
  const events: SimEvent[] = [];
  let changed = false;
  const at = rfc3339(now);
  const conditions = conditionSpecs(faults).map((s) => {
    const status = statusOf(s);
    const prev = previousOf(previous, s.type);
    const flipped = !prev || prev.status !== status;
    if (flipped || prev.reason !== s.reason || prev.message !== s.message) changed = true;
    if (flipped) {
      const reason = EVENT_REASON[s.type]![s.bad ? 1 : 0];
      events.push({ type: 'Normal', reason, message: `Node ${nodeName} status is now: ${reason}`, atMs: now });
    }
    return {
      type: s.type,
      status,
      lastHeartbeatTime: at,
      lastTransitionTime: flipped ? at : (prev.lastTransitionTime ?? at),
      reason: s.reason,
      message: s.message,
    };
  });
  return { conditions, events, changed };
}
