// The eviction manager's synchronize for memory (eviction_manager_test.go TestMemoryPressure's course).
import { describe, expect, it } from 'vitest';
import { parseEvictionThresholds, synchronizeEviction, type EvictionCandidate, type EvictionThreshold } from '../../../shared/nodes';

const Mi = 2 ** 20;
const Gi = 2 ** 30;
const T0 = Date.UTC(2025, 0, 1);
const thresholds = (c: Parameters<typeof parseEvictionThresholds>[0]): EvictionThreshold[] => {
  const r = parseEvictionThresholds(c);
  if ('error' in r) throw new Error(r.error);
  return r.thresholds;
};
const hard = thresholds({ hard: { 'memory.available': '1Gi' } });

function pod(name: string, priority: number, request: string | undefined, requestBytes: number, usageBytes: number): EvictionCandidate {
  return {
    key: `ns/${name}`, name, priority, critical: false, memoryRequestBytes: requestBytes, workingSetBytes: usageBytes,
    containers: [{ name, workingSetBytes: usageBytes, memoryRequestBytes: requestBytes, ...(request ? { memoryRequest: request } : {}) }],
  };
}

// TestMemoryPressure's pods: 2Gi node, usage in Mi
const pods = [
  pod('guaranteed-low-priority-high-usage', 0, '1Gi', Gi, 900 * Mi),
  pod('burstable-below-requests', 0, '100Mi', 100 * Mi, 50 * Mi),
  pod('burstable-above-requests', 0, '100Mi', 100 * Mi, 400 * Mi),
  pod('best-effort-high-priority-high-usage', 1, undefined, 0, 400 * Mi),
  pod('best-effort-low-priority-low-usage', 0, undefined, 0, 100 * Mi),
];

describe('thresholds', () => {
  it('parses hard and soft statements as the kubelet flags', () => {
    expect(thresholds({ hard: { 'memory.available': '100Mi' } })).toEqual([{ signal: 'memory.available', bytes: 100 * Mi, gracePeriodMs: 0 }]);
    expect(thresholds({ soft: { 'memory.available': '10%' }, softGracePeriod: { 'memory.available': '1m30s' } })).toEqual([{ signal: 'memory.available', percentage: 0.1, gracePeriodMs: 90_000 }]);
    expect(parseEvictionThresholds({ soft: { 'memory.available': '1Gi' } })).toEqual({ error: 'grace period must be specified for the soft eviction threshold memory.available' });
    expect(parseEvictionThresholds({ hard: { 'memory.available': '-1Mi' } })).toEqual({ error: 'eviction threshold memory.available must be positive: -1Mi' });
  });
});

describe('synchronizeEviction', () => {
  it('no pressure: no condition, no eviction', () => {
    const r = synchronizeEviction({ now: T0, memoryCapacityBytes: 4 * Gi, pods, thresholds: hard });
    expect(r).toMatchObject({ conditions: [], evictions: [], memoryAvailableBytes: 4 * Gi - 1850 * Mi });
  });

  it('a hard threshold met: MemoryPressure and the best-ranked pod evicted at once with upstream message', () => {
    // 2Gi − 1850Mi = 198Mi available < 1Gi
    const r = synchronizeEviction({ now: T0, memoryCapacityBytes: 2 * Gi, pods, thresholds: hard });
    expect(r.conditions).toEqual(['MemoryPressure']);
    expect(r.events).toEqual([{ type: 'Warning', reason: 'EvictionThresholdMet', message: 'Attempting to reclaim memory', atMs: T0 }]);
    expect(r.evictions).toEqual([{
      key: 'ns/burstable-above-requests',
      message: 'The node was low on resource: memory. Threshold quantity: 1Gi, available: 198Mi. Container burstable-above-requests was using 400Mi, request is 100Mi, has larger consumption of memory. ',
      annotations: { offending_containers: 'burstable-above-requests', offending_containers_usage: '400Mi', starved_resource: 'memory' },
      gracePeriodSeconds: 0,
      disruptionTarget: true,
    }]);
  });

  it('a BestEffort pod is named with request 0; critical pods are passed over', () => {
    const be = pod('best-effort', 0, undefined, 0, 1500 * Mi);
    const critical = { ...pod('critical', 2_000_000_000, undefined, 0, 1600 * Mi), critical: true };
    const r = synchronizeEviction({ now: T0, memoryCapacityBytes: 3 * Gi + 100 * Mi, pods: [critical, be], thresholds: hard });
    expect(r.evictions[0]!.key).toBe('ns/best-effort');
    expect(r.evictions[0]!.message).toBe('The node was low on resource: memory. Threshold quantity: 1Gi, available: 72Mi. Container best-effort was using 1500Mi, request is 0, has larger consumption of memory. ');
  });

  it('a soft threshold evicts only after its grace period, with the max pod grace period; the condition lasts the transition period', () => {
    const soft = thresholds({ soft: { 'memory.available': '1Gi' }, softGracePeriod: { 'memory.available': '1m' } });
    const a = synchronizeEviction({ now: T0, memoryCapacityBytes: 2 * Gi, pods, thresholds: soft, maxPodGracePeriodSeconds: 5 });
    expect(a.conditions).toEqual(['MemoryPressure']);
    expect(a.evictions).toEqual([]);
    const b = synchronizeEviction({ now: T0 + 30_000, memoryCapacityBytes: 2 * Gi, pods, thresholds: soft, state: a.state, maxPodGracePeriodSeconds: 5 });
    expect(b.evictions).toEqual([]);
    const c = synchronizeEviction({ now: T0 + 60_000, memoryCapacityBytes: 2 * Gi, pods, thresholds: soft, state: b.state, maxPodGracePeriodSeconds: 5 });
    expect(c.evictions.map((e) => [e.key, e.gracePeriodSeconds])).toEqual([['ns/burstable-above-requests', 5]]);
    // pressure relieved: the condition stays for the 5m transition period, then clears
    const relieved = pods.slice(0, 2);
    const d = synchronizeEviction({ now: T0 + 70_000, memoryCapacityBytes: 2 * Gi, pods: relieved, thresholds: soft, state: c.state });
    expect(d).toMatchObject({ conditions: ['MemoryPressure'], evictions: [] });
    expect(d.state.thresholdsFirstObservedAt).toEqual({});
    const e = synchronizeEviction({ now: T0 + 60_000 + 5 * 60_000, memoryCapacityBytes: 2 * Gi, pods: relieved, thresholds: soft, state: d.state });
    expect(e.conditions).toEqual([]);
  });

  it('an emptyDir over its sizeLimit evicts its pod first, without a threshold', () => {
    const withVolume: EvictionCandidate = { ...pod('writer', 0, undefined, 0, Mi), emptyDirs: [{ name: 'scratch', usedBytes: 2 * Mi, sizeLimit: '1Mi', sizeLimitBytes: Mi }] };
    const atLimit: EvictionCandidate = { ...pod('at-limit', 0, undefined, 0, Mi), emptyDirs: [{ name: 'scratch', usedBytes: Mi, sizeLimit: '1Mi', sizeLimitBytes: Mi }] };
    const r = synchronizeEviction({ now: T0, memoryCapacityBytes: 8 * Gi, pods: [withVolume, atLimit], thresholds: hard });
    expect(r.evictions).toEqual([{ key: 'ns/writer', message: 'Usage of EmptyDir volume "scratch" exceeds the limit "1Mi". ', annotations: {}, gracePeriodSeconds: 0, disruptionTarget: false }]);
  });
});
