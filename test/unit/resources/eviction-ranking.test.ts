// rankMemoryPressure and its comparators against the rows of pkg/kubelet/eviction/helpers_test.go.
import { describe, expect, it } from 'vitest';
import { byMemoryAboveRequest, byPriority, exceedMemoryRequests, orderedBy, rankMemoryPressure, type EvictionCandidate } from '../../../shared/nodes';

const Mi = 2 ** 20;
const Gi = 2 ** 30;
const pod = (name: string, priority: number, requestBytes: number, usageBytes: number): EvictionCandidate => ({
  key: `ns/${name}`, name, priority, critical: false, memoryRequestBytes: requestBytes, workingSetBytes: usageBytes,
  containers: [{ name, workingSetBytes: usageBytes, memoryRequestBytes: requestBytes }],
});
const names = (ps: EvictionCandidate[]) => ps.map((p) => p.name);

describe('eviction ranking (helpers_test.go)', () => {
  it('TestOrderedByExceedsRequestMemory: the pod above its request first', () => {
    const below = pod('below-requests', -1, 200 * Mi, 199 * Mi);
    const exceeds = pod('exceeds-requests', 1, 100 * Mi, 101 * Mi);
    expect(names(orderedBy(exceedMemoryRequests)([below, exceeds]))).toEqual(['exceeds-requests', 'below-requests']);
  });

  it('TestOrderedByPriority: lower priority first', () => {
    const low = pod('low-priority', -134, 0, 0);
    const medium = pod('medium-priority', 1, 100 * Mi, 0);
    const high = pod('high-priority', 12534, 200 * Mi, 0);
    expect(names(orderedBy(byPriority)([high, medium, low]))).toEqual(['low-priority', 'medium-priority', 'high-priority']);
  });

  it('TestOrderedByMemory: the greediest consumer relative to its request first', () => {
    const pods = [
      pod('best-effort-high', 0, 0, 500 * Mi),
      pod('best-effort-low', 0, 0, 300 * Mi),
      pod('burstable-high', 0, 100 * Mi, 800 * Mi),
      pod('burstable-low', 0, 100 * Mi, 300 * Mi),
      pod('guaranteed-high', 0, Gi, 800 * Mi),
      pod('guaranteed-low', 0, Gi, 200 * Mi),
    ];
    expect(names(orderedBy(byMemoryAboveRequest)(pods))).toEqual(['burstable-high', 'best-effort-high', 'best-effort-low', 'burstable-low', 'guaranteed-high', 'guaranteed-low']);
  });

  it('TestOrderedByPriorityMemory: exceeds requests, then priority, then usage above request', () => {
    const low = -1;
    const high = 1;
    const pods = [
      pod('above-requests-low-priority-high-usage', low, 0, 500 * Mi),
      pod('above-requests-low-priority-low-usage', low, 0, 50 * Mi),
      pod('above-requests-high-priority-high-usage', high, 100 * Mi, 600 * Mi),
      pod('above-requests-high-priority-low-usage', high, 100 * Mi, 150 * Mi),
      pod('below-requests-low-priority-high-usage', low, Gi, 800 * Mi),
      pod('below-requests-low-priority-low-usage', low, Gi, 200 * Mi),
      pod('below-requests-high-priority-high-usage', high, Gi, 800 * Mi),
      pod('below-requests-high-priority-low-usage', high, Gi, 200 * Mi),
    ];
    expect(names(rankMemoryPressure([...pods].reverse()))).toEqual(names(pods));
  });

  it('a BestEffort pod using anything ranks before a Guaranteed pod within its request', () => {
    const guaranteed = pod('guaranteed', 0, Gi, 900 * Mi);
    const bestEffort = pod('best-effort', 0, 0, Mi);
    expect(rankMemoryPressure([guaranteed, bestEffort])[0]!.name).toBe('best-effort');
  });
});
