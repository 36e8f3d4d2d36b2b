import type { Node, Pod } from 'kubernetes-types/core/v1';
import { stepPod, type PodRunState, type StepPodResult } from '../../../shared/nodes/pod-lifecycle';
import { resolveProfile } from '../../../shared/nodes/workload-profile';

/** Steps a pod on `node` at each of `times` (ms after t0) with a stepped clock, as its kubelet would: no sleeping. */
export function runPod(p: Pod, node: Node, t0: number, times: number[]): (StepPodResult & { pod: Pod })[] {
  let state: PodRunState | undefined;
  let cur = p;
  return times.map((t) => {
    const r = stepPod({ pod: cur, node, profile: resolveProfile(cur), now: t0 + t, state, podIP: '10.244.0.2' });
    state = r.state;
    cur = { ...cur, status: r.status };
    return { ...r, pod: cur };
  });
}
