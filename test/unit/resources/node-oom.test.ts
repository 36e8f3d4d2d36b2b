// The kernel's OOM killer on a node that runs out of memory between two eviction-manager runs.
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { buildNode } from '../../../shared/nodes/node-builder';
import { evictedPodStatus, nodeMemorySync, podMemoryOf, resolveProfile, settleVolumeWrites, emptyDirUsage, containerWorkingSets, type ContainerRun, type NodeMemoryPod } from '../../../shared/nodes';
import { oomBadness, oomScore, selectOomVictim } from '../../../shared/resources';

const Mi = 2 ** 20;
const Gi = 2 ** 30;
const T0 = Date.UTC(2025, 0, 1);
const node: Node = buildNode({ metadata: { name: 'pool' }, spec: { capacity: { memory: '2Gi' } } }, 0);

describe('oom_badness (mm/oom_kill.c)', () => {
  const totalPages = (4 * Gi) / 4096;
  it.each([
    ['BestEffort 512Mi', 512 * Mi, 1000, 131072 + 1000 * 1048],
    ['Guaranteed 512Mi', 512 * Mi, -997, 131072 - 997 * 1048],
    ['Burstable adj 500, 1Gi', Gi, 500, 262144 + 500 * 1048],
  ])('%s', (_n, rss, adj, points) => expect(oomBadness(rss, adj, totalPages)).toBe(points));

  it('never picks an unkillable process; the later of equals wins', () => {
    expect(oomBadness(Gi, -1000, totalPages)).toBeUndefined();
    const v = selectOomVictim([{ key: 'a', rssBytes: Gi, oomScoreAdj: -1000 }, { key: 'b', rssBytes: Mi, oomScoreAdj: 10 }, { key: 'c', rssBytes: Mi, oomScoreAdj: 10 }], 4 * Gi);
    expect(v?.key).toBe('c');
  });

  it('a BestEffort process is chosen over a larger Guaranteed one', () => {
    const v = selectOomVictim([{ key: 'guaranteed', rssBytes: 3 * Gi, oomScoreAdj: -997 }, { key: 'besteffort', rssBytes: 100 * Mi, oomScoreAdj: 1000 }], 4 * Gi);
    expect(v?.key).toBe('besteffort');
    expect(oomScore(100 * Mi, 1000, totalPages)).toBe(2000);
    expect(oomScore(3 * Gi, -997, totalPages)).toBe(754);
  });
});

function running(name: string, startedAt: number): ContainerRun {
  return { name, init: false, sidecar: false, stage: 'running', restartCount: 0, startedAt };
}
function entry(name: string, resources: object, demand: string, start = T0): NodeMemoryPod {
  const pod: Pod = { metadata: { name, namespace: 'ns', annotations: { 'kubeflare.dev/memory-demand': demand } }, spec: { containers: [{ name: 'app', image: 'x', resources }] } };
  return { key: `ns/${name}`, memory: podMemoryOf(pod, resolveProfile(pod), node), runs: [running('app', start)] };
}

describe('nodeMemorySync', () => {
  it('a node filling faster than eviction acts: the kernel kills the BestEffort leak at the millisecond the node is full', () => {
    const guaranteed = entry('db', { requests: { memory: '1Gi' }, limits: { memory: '1Gi' } }, '1000Mi');
    const leak = entry('leak', {}, 'trace:0=0,10=2Gi');
    // 1000Mi + leak > 2048Mi once the leak passes 1048Mi: at 10s × 1048/2048 = 5117.19ms → 5118
    const r = nodeMemorySync({ now: T0 + 10_000, memoryCapacityBytes: 2 * Gi, pods: [guaranteed, leak], thresholds: [], state: { lastSyncAt: T0 } });
    expect(r.oomKills).toEqual([{ key: 'ns/leak', container: 'app', at: T0 + 5118 }]);
    expect(r.events[0]).toMatchObject({ type: 'Warning', reason: 'SystemOOM', atMs: T0 + 5118 });
    expect(r.events[0]!.message).toMatch(/^System OOM encountered, victim process: app, pid: \d+$/);
    // afterwards the leak holds nothing: the node is no longer short
    expect(r.memoryAvailableBytes).toBe(2 * Gi - 1000 * Mi);
  });

  it('the first run only observes; a node that fits replays nothing', () => {
    const small = entry('small', {}, '100Mi');
    expect(nodeMemorySync({ now: T0, memoryCapacityBytes: 2 * Gi, pods: [small], thresholds: [] }).state.lastSyncAt).toBe(T0);
    expect(nodeMemorySync({ now: T0 + 10_000, memoryCapacityBytes: 2 * Gi, pods: [small], thresholds: [], state: { lastSyncAt: T0 } }).oomKills).toEqual([]);
  });

  it('memory pressure evicts the BestEffort pod first', () => {
    const burstable = entry('web', { requests: { memory: '1Gi' }, limits: { memory: '2Gi' } }, '900Mi');
    const bestEffort = entry('batch', {}, '1100Mi');
    const r = nodeMemorySync({ now: T0, memoryCapacityBytes: 2 * Gi, pods: [burstable, bestEffort], thresholds: [{ signal: 'memory.available', bytes: 100 * Mi, gracePeriodMs: 0 }] });
    expect(r.conditions).toEqual(['MemoryPressure']);
    expect(r.evictions.map((e) => e.key)).toEqual(['ns/batch']);
    expect(r.evictions[0]!.message).toBe('The node was low on resource: memory. Threshold quantity: 100Mi, available: 48Mi. Container app was using 1100Mi, request is 0, has larger consumption of memory. ');
  });
});

describe('emptyDir', () => {
  const withVolume = (medium: string | undefined, sizeLimit: string | undefined, limit?: string): Pod => ({
    metadata: { name: 'w', namespace: 'ns', annotations: {} },
    spec: { containers: [{ name: 'app', image: 'x', ...(limit ? { resources: { limits: { memory: limit } } } : {}) }], volumes: [{ name: 'cache', emptyDir: { ...(medium ? { medium } : {}), ...(sizeLimit ? { sizeLimit } : {}) } }] },
  });
  const profile = (p: Pod) => ({ containers: { app: { ...resolveProfile(p).containers['app'], volumeWrites: { cache: '10Mi' } } } });

  it('tmpfs is sized as the smallest of node allocatable memory, the pod memory limit and sizeLimit', () => {
    const alloc = 2 * Gi - 100 * Mi;
    expect(podMemoryOf(withVolume('Memory', undefined), { containers: {} }, node).volumes[0]!.tmpfsBytes).toBe(alloc);
    expect(podMemoryOf(withVolume('Memory', undefined, '256Mi'), { containers: {} }, node).volumes[0]!.tmpfsBytes).toBe(256 * Mi);
    expect(podMemoryOf(withVolume('Memory', '64Mi', '256Mi'), { containers: {} }, node).volumes[0]!.tmpfsBytes).toBe(64 * Mi);
    expect(podMemoryOf(withVolume(undefined, '64Mi'), { containers: {} }, node).volumes[0]!.tmpfsBytes).toBeUndefined();
  });

  it('Memory medium: writes count toward the writer, never past the tmpfs size; contents outlive the instance', () => {
    const p = withVolume('Memory', '50Mi');
    const pm = podMemoryOf(p, profile(p), node);
    const runs = [running('app', T0)];
    expect(containerWorkingSets(pm, runs, undefined, T0 + 3000).get('app')).toBe(30 * Mi);
    expect(emptyDirUsage(pm, runs, undefined, T0 + 10_000).get('cache')).toBe(50 * Mi);
    // the instance ended after 3s; the restarted one finds 30Mi there and can add only 20Mi
    const ledger = settleVolumeWrites(pm, [{ ...running('app', T0 + 20_000), last: { exitCode: 137, reason: 'OOMKilled', startedAt: T0, finishedAt: T0 + 3000, containerID: '' } }]);
    expect(ledger).toEqual({ cache: { bytes: 30 * Mi, counted: { app: T0 } } });
    const again = [running('app', T0 + 20_000)];
    expect(containerWorkingSets(pm, again, ledger, T0 + 30_000).get('app')).toBe(20 * Mi);
    expect(emptyDirUsage(pm, again, ledger, T0 + 30_000).get('cache')).toBe(50 * Mi);
    // settling twice counts the instance once
    expect(settleVolumeWrites(pm, [{ ...again[0]!, last: { exitCode: 137, reason: 'OOMKilled', startedAt: T0, finishedAt: T0 + 3000, containerID: '' } }], ledger)).toEqual(ledger);
  });

  it('disk medium: usage grows past sizeLimit and is not charged to memory', () => {
    const p = withVolume(undefined, '1Mi');
    const pm = podMemoryOf(p, profile(p), node);
    const runs = [running('app', T0)];
    expect(emptyDirUsage(pm, runs, undefined, T0 + 1000).get('cache')).toBe(10 * Mi);
    expect(containerWorkingSets(pm, runs, undefined, T0 + 1000).get('app')).toBe(0);
  });
});

describe('evictedPodStatus', () => {
  it('Failed, Evicted, the message, containers killed with 137 and DisruptionTarget', () => {
    const s = evictedPodStatus(
      {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2025-01-01T00:00:00Z' }],
        containerStatuses: [{ name: 'app', image: 'x', imageID: '', ready: true, started: true, restartCount: 0, containerID: 'containerd://1', state: { running: { startedAt: '2025-01-01T00:00:00Z' } } }],
      },
      { at: T0 + 60_000, message: 'The node was low on resource: memory. ', disruptionTarget: true },
    );
    expect(s).toMatchObject({ phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory. ' });
    expect(s.conditions!.map((c) => [c.type, c.status, c.reason])).toEqual([['DisruptionTarget', 'True', 'TerminationByKubelet'], ['Ready', 'False', 'PodCompleted']]);
    expect(s.containerStatuses![0]).toMatchObject({ ready: false, state: { terminated: { exitCode: 137, reason: 'Error', finishedAt: '2025-01-01T00:01:00Z' } } });
  });
});
