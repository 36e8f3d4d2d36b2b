// The per-pod view: why is this pod slow, why was it killed.
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { buildNode } from '../../../shared/nodes/node-builder';
import type { ContainerCpuReport } from '../../../shared/nodes';
import { podResourcesView } from '../../../shared/resources';

const T0 = Date.UTC(2025, 0, 1);
const Mi = 2 ** 20;
const node: Node = buildNode({ metadata: { name: 'pool' }, spec: { capacity: { cpu: '4', memory: '8Gi' } } }, 0);
const pod = (status: Pod['status'], limits = { cpu: '500m', memory: '256Mi' }): Pod => ({
  metadata: { name: 'busy', namespace: 'ns', uid: 'u' },
  spec: { nodeName: 'pool-0', containers: [{ name: 'app', image: 'x', resources: { requests: limits, limits } }] },
  status,
});
const report = (over: Partial<ContainerCpuReport> = {}): ContainerCpuReport => ({
  nrPeriods: 100, nrThrottled: 100, throttledUs: 3_000_000, nrBursts: 0, burstUs: 0, usageUs: 5_000_000,
  quotaUs: 50_000, periodUs: 100_000, cfsBurstUs: 0, baseQuotaUs: 50_000, decisions: [], ...over,
});

describe('podResourcesView', () => {
  it('a pod limited to 500m that wants 800m: throttled in every period, and what would help', () => {
    const v = podResourcesView({ pod: pod({ phase: 'Running', qosClass: 'Guaranteed' }), node, now: T0, cpu: new Map([['app', report()]]), demand: { app: { cpuMilli: 800, memoryBytes: 64 * Mi } }, granted: { app: { cpuMilli: 500, memoryBytes: 64 * Mi } }, nodeWorkingSetBytes: 64 * Mi });
    const c = v.status.containers[0]!;
    expect(c.cpu).toMatchObject({ demand: '800m', granted: '500m', throttledRatio: 1, cgroup: { quotaUs: 50_000, periodUs: 100_000 }, stat: { nrPeriods: 100, nrThrottled: 100, throttledUsec: 3_000_000 } });
    expect(c.memory).toMatchObject({ workingSet: '64Mi', oomScoreAdj: -997 });
    expect(v.status.node).toEqual({ cpu: '4', memory: '8Gi', memoryWorkingSet: '64Mi', memoryAvailable: '8128Mi', conditions: [] });
    expect(v.status.explanation).toEqual([
      'container app was throttled in 100 of 100 CFS periods (100%), 3.000s in all: it wants 800m and its quota is 50000µs per 100000µs period (500m).',
      'raising its CPU limit above 800m, or a cpu-burst policy (koordinator.sh/cpuBurst), would end the throttling.',
    ]);
  });

  it("koordlet's quota history and its reasons", () => {
    const decisions = [50_000, 60_000, 72_000].map((from, i) => ({ at: T0 + (i + 1) * 1000, op: 'scaleUp' as const, nodeState: 'idle' as const, throttledRatio: 1, fromQuotaUs: from, toQuotaUs: Math.trunc(from * 1.2), burstUs: 0 }));
    const v = podResourcesView({ pod: pod({ phase: 'Running' }), node, now: T0, cpu: new Map([['app', report({ nrThrottled: 3, quotaUs: 86_400, nodeState: 'idle', decisions })]]), demand: {}, granted: {}, nodeWorkingSetBytes: 0 });
    expect(v.status.containers[0]!.cpu.quotaHistory.map((h) => [h.operation, h.toQuotaUs])).toEqual([['scaleUp', 60_000], ['scaleUp', 72_000], ['scaleUp', 86_400]]);
    expect(v.status.explanation[1]).toBe("koordlet's CPU burst changed its quota 3 times (3 up, 0 down; node idle): now 86400µs, from the kubelet's 50000µs.");
  });

  it('why it was killed: OOMKilled, or evicted by the kubelet', () => {
    const oom = pod({ phase: 'Running', containerStatuses: [{ name: 'app', image: 'x', imageID: '', ready: false, restartCount: 2, lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', finishedAt: '2025-01-01T00:00:05Z' } } }] });
    const v = podResourcesView({ pod: oom, node, now: T0, cpu: new Map(), demand: {}, granted: {}, nodeWorkingSetBytes: 0 });
    expect(v.status.containers[0]!.lastTermination).toEqual({ reason: 'OOMKilled', exitCode: 137, finishedAt: '2025-01-01T00:00:05Z' });
    expect(v.status.explanation).toEqual(['container app was OOM-killed at 2025-01-01T00:00:05Z (exit code 137): its working set reached its 256Mi memory limit (or the node ran out of memory and the kernel chose it: oom_score_adj -997); restarts: 2.']);
    const evicted = podResourcesView({ pod: pod({ phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory. ' }), node, now: T0, cpu: new Map(), demand: {}, granted: {}, nodeWorkingSetBytes: 0 });
    expect(evicted.status.explanation).toEqual(['the kubelet evicted the pod: The node was low on resource: memory.']);
  });
});
