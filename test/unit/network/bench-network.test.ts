import { describe, expect, it } from 'vitest';
import { benchNetwork } from '../../../shared/network/bench-network';

describe('the network bench harness', () => {
  it.each(['vxlan', 'host-gw'] as const)('%s at 50 nodes: reachable paths, positive timings, cluster CPU = per-node × nodes', (backend) => {
    let t = 0;
    const r = benchNetwork(50, backend, () => (t += 1), { sample: 3, paths: 10, queries: 2 });
    expect(r.nodes).toBe(50);
    expect(r.joinApplyMs).toBe(1);
    expect(r.joinClusterCpuMs).toBe(50);
    expect(r.pathMicros).toBeGreaterThan(0);
    expect(r.queriesPerSecond).toBeGreaterThan(0);
  });
});
