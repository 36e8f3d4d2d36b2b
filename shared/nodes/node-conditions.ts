import type { NodeCondition } from 'kubernetes-types/core/v1';
import type { NodeFaults } from './node-pool-types';
import { rfc3339 } from './time-format';

type Spec = { type: string; bad: boolean; reason: string; message: string };

/**
 * The four conditions kubelet posts (pkg/kubelet/nodestatus/setters.go), in upstream's order,
 * with upstream's reasons and messages for the healthy and the faulty state.
 */
export function conditionSpecs(f: NodeFaults = {}): Spec[] {
  return [
    f.memoryPressure
      ? { type: 'MemoryPressure', bad: true, reason: 'KubeletHasInsufficientMemory', message: 'kubelet has insufficient memory available' }
      : { type: 'MemoryPressure', bad: false, reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
    f.diskPressure
      ? { type: 'DiskPressure', bad: true, reason: 'KubeletHasDiskPressure', message: 'kubelet has disk pressure' }
      : { type: 'DiskPressure', bad: false, reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
    f.pidPressure
      ? { type: 'PIDPressure', bad: true, reason: 'KubeletHasInsufficientPID', message: 'kubelet has insufficient PID available' }
      : { type: 'PIDPressure', bad: false, reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
    f.notReady
      ? {
          type: 'Ready',
          bad: true,
          reason: 'KubeletNotReady',
          message: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
        }
      : { type: 'Ready', bad: false, reason: 'KubeletReady', message: 'kubelet is posting ready status' },
  ];
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
  const conditions = conditionSpecs(faults).map((s) => {
    // Ready is positive; the pressures are negative conditions (True means trouble).
    const status = s.type === 'Ready' ? (s.bad ? 'False' : 'True') : s.bad ? 'True' : 'False';
    const prev = previous?.find((c) => c.type === s.type);
    const flipped = !prev || prev.status !== status;
    if (flipped || prev.reason !== s.reason || prev.message !== s.message) changed = true;
    if (flipped) {
      const reason = EVENT_REASON[s.type]![s.bad ? 1 : 0];
      events.push({ type: 'Normal', reason, message: `Node ${nodeName} status is now: ${reason}`, atMs: now });
    }
    return {
      type: s.type,
      status,
      lastHeartbeatTime: rfc3339(now),
      lastTransitionTime: flipped ? rfc3339(now) : (prev.lastTransitionTime ?? rfc3339(now)),
      reason: s.reason,
      message: s.message,
    };
  });
  return { conditions, events, changed };
}
