import type { Node, Pod } from 'kubernetes-types/core/v1';
import { defaultProfile } from './config';
import { scheduleOne } from './schedule-one';
import { assume, buildSnapshot } from './snapshot';

/** Reproducible runs: the same seeded generator the tests use. */
export { seededRandom } from '../api/seeded-random';
import { seededRandom } from '../api/seeded-random';

/** Result of one benchmark run. */
export interface BenchResult {
  nodes: number;
  pods: number;
  scheduled: number;
  seconds: number;
  podsPerSecond: number;
  msPerPod: number;
}

/** scheduler_perf's SchedulingBasic shapes: 4 CPU / 32Gi / 110-pod nodes in 3 zones; pods asking 100m / 500Mi. */
function benchNode(i: number): Node {
  return {
    metadata: { name: `node-${i}`, labels: { 'kubernetes.io/hostname': `node-${i}`, 'topology.kubernetes.io/zone': `zone-${i % 3}` } },
    status: { allocatable: { cpu: '4', memory: '32Gi', pods: '110' } },
  };
}

function benchPod(i: number): Pod {
  return {
    metadata: { name: `pod-${i}`, namespace: 'sched-0', uid: `uid-${i}` },
    spec: { containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '100m', memory: '500Mi' } } }] },
  };
}

/**
 * The pure scheduling cycle in-process, SchedulingBasic-style: schedule `pods` pods one after another onto
 * `nodes` nodes with the default profile, assuming each. `clock` returns milliseconds (pass performance.now).
 * @example benchScheduling(5000, 2000, () => performance.now())
 */
export function benchScheduling(nodes: number, pods: number, clock: () => number, seed = 1): BenchResult {
  const snapshot = buildSnapshot({ nodes: Array.from({ length: nodes }, (_, i) => benchNode(i)), pods: [] });
  const profile = defaultProfile();
  const rand = seededRandom(seed);
  const podList = Array.from({ length: pods }, (_, i) => benchPod(i));
  let start = 0;
  let scheduled = 0;
  const t0 = clock();
  for (const pod of podList) {
    const r = scheduleOne(pod, snapshot, profile, { rand, startIndex: start });
    start = r.nextStartIndex;
    if (r.node) {
      assume(snapshot, pod, r.node);
      scheduled++;
    }
  }
  const seconds = (clock() - t0) / 1000;
  return { nodes, pods, scheduled, seconds, podsPerSecond: pods / seconds, msPerPod: (seconds * 1000) / pods };
}
