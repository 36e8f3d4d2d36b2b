import type { Node, Pod } from 'kubernetes-types/core/v1';
import { buildNode } from '../nodes/node-builder';
import { podMemoryOf } from '../nodes/eviction-pod';
import { nodeMemorySync, type NodeMemoryPod } from '../nodes/eviction-node';
import { stepPod } from '../nodes/pod-lifecycle';
import { resolveProfile } from '../nodes/workload-profile';
import { CFS_PERIOD_US, containerCpuCgroup } from './cpu-cgroup';
import { nodeCpuRun } from './node-cpu-run';
import type { CpuContainer } from './node-cpu';

/** What one bench run measured. */
export interface ResourceModelBench {
  pods: number;
  simulatedSeconds: number;
  /** Container-periods (one container, one 100 ms CFS period) computed per wall second. */
  containerPeriodsPerSecond: number;
  /**
   * The eviction manager's run over every node, per pod: an over-committed node (50 pods whose curves
   * peak at 12.5Gi on 8Gi), so the OOM killer's replay scans the last 10 s every 100 ms and kills.
   */
  evictionMicrosPerPod: number;
  wallMs: number;
}

const PODS_PER_NODE = 50;
const T0 = Date.UTC(2025, 0, 1);

function container(i: number, startedAt: number, changing: boolean): CpuContainer {
  const cgroup = containerCpuCgroup({ name: 'app', resources: { requests: { cpu: '100m' }, limits: { cpu: '500m' } } });
  // a demand that changes every period (the model's worst case) or never (its best)
  const demandMilliAt = changing ? (t: number) => 300 + ((i * 37 + Math.floor(t / 100)) % 400) : () => 300 + (i % 400);
  return { key: `bench/p${i}/app`, cgroup, startedAt, demandMilliAt, changesAfter: changing ? (t: number) => t : () => Infinity };
}

/**
 * The CFS model over `pods` running pods (50 to a 4-CPU node) for `simulatedSeconds`, one tick per
 * 100 ms period, with demands changing every period (`changing`) or constant; then one eviction
 * manager run per node. `clock` measures wall time (performance.now in the bench).
 * @example benchResourceModel(1000, 10, true, () => performance.now())
 */
export function benchResourceModel(pods: number, simulatedSeconds: number, changing: boolean, clock: () => number): ResourceModelBench {
  const nodes: CpuContainer[][] = [];
  for (let i = 0; i < pods; i++) (nodes[Math.floor(i / PODS_PER_NODE)] ??= []).push(container(i, T0, changing));
  const now = T0 + simulatedSeconds * 1000;
  const t0 = clock();
  let periods = 0;
  for (const containers of nodes) {
    const run = nodeCpuRun({ capacityMilli: 4000, containers }, now, CFS_PERIOD_US / 1000);
    for (const r of run.values()) periods += r.stat.nrPeriods === 0 ? 0 : (now - T0) / 100;
  }
  const cpuMs = clock() - t0;
  const memoryPods = memoryPodsOf(Math.min(pods, PODS_PER_NODE));
  const t1 = clock();
  for (let n = 0; n < nodes.length; n++) {
    nodeMemorySync({ now, memoryCapacityBytes: 8 * 2 ** 30, pods: memoryPods, thresholds: [{ signal: 'memory.available', bytes: 100 * 2 ** 20, gracePeriodMs: 0 }], state: { lastSyncAt: now - 10_000 } });
  }
  const evictionMs = clock() - t1;
  return { pods, simulatedSeconds, containerPeriodsPerSecond: periods / (cpuMs / 1000), evictionMicrosPerPod: (evictionMs * 1000) / pods, wallMs: cpuMs + evictionMs };
}

/** One node's worth of running pods with memory curves, as the kubelet shard keeps them. */
function memoryPodsOf(n: number): NodeMemoryPod[] {
  return kubeletRows(n).map(({ key, row }) => ({ key, memory: row.mem, runs: row.run.containers }));
}

const benchNode: Node = buildNode({ metadata: { name: 'bench' }, spec: { capacity: { cpu: '4', memory: '16Gi' } } }, 0);

/**
 * `n` pods as a kubelet shard's rows hold them once running: the lifecycle state and the memory
 * model's summary (the row written to SQLite, and what the isolate keeps in memory).
 */
export function kubeletRows(n: number): { key: string; row: { uid: string; node: string; ip: string; run: ReturnType<typeof stepPod>['state']; mem: ReturnType<typeof podMemoryOf> } }[] {
  const out = [];
  for (let i = 0; i < n; i++) {
    const pod: Pod = {
      metadata: { name: `web-${i}`, namespace: 'bench', uid: `uid-${i}`, annotations: { 'kubeflare.dev/memory-demand': 'sine:base=200Mi,amplitude=50Mi,period=60', 'kubeflare.dev/cpu-demand': '250m' } },
      spec: { nodeName: 'bench-0', containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } } }] },
    };
    const profile = resolveProfile(pod);
    // admitted at T0, running from about T0 + 0.6 s (sandbox, create)
    const admitted = stepPod({ pod, node: benchNode, profile, now: T0, podIP: '10.244.0.2' });
    const step = stepPod({ pod, node: benchNode, profile, now: T0 + 5000, state: admitted.state, podIP: '10.244.0.2' });
    out.push({ key: `bench/web-${i}`, row: { uid: `uid-${i}`, node: 'bench-0', ip: '10.244.0.2', run: step.state, mem: podMemoryOf(pod, profile, benchNode) } });
  }
  return out;
}
