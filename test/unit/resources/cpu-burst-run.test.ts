import type { Node, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { clusterCpuStats, clusterUsage, rfc3339 } from '../../../shared/nodes';
import { parseCpuBurstCfg, type CpuBurstCfg } from '../../../shared/resources';

const START = Date.UTC(2025, 0, 1);
const node: Node = { metadata: { name: 'n1', labels: { pool: 'a' } }, status: { capacity: { cpu: '4' } } };

function pod(name: string, cpuDemand: string, limit: string | undefined, labels: Record<string, string> = {}, annotations: Record<string, string> = {}): Pod {
  const resources = limit ? { requests: { cpu: limit }, limits: { cpu: limit } } : {};
  return {
    metadata: { name, namespace: 'ns', uid: name, labels, annotations: { 'kubeflare.dev/cpu-demand': cpuDemand, ...annotations } },
    spec: { nodeName: 'n1', containers: [{ name: 'app', image: 'nginx', resources }] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'app', image: 'nginx', imageID: '', ready: true, restartCount: 0, state: { running: { startedAt: rfc3339(START) } } }] },
  };
}
const cfg = (clusterStrategy: object): CpuBurstCfg => {
  const r = parseCpuBurstCfg({ 'cpu-burst-config': JSON.stringify({ clusterStrategy }) });
  if (!('cfg' in r)) throw new Error(r.error);
  return r.cfg;
};

describe('koordlet CPU burst on a simulated node', () => {
  const busy = pod('busy', '800m', '500m');
  const now = START + 30_000;

  it('auto: a throttled container gets its quota raised ×1.2 a second until it stops throttling', () => {
    const plain = clusterCpuStats([busy], {}, now, [node]).get('ns/busy/app')!;
    const burst = clusterCpuStats([busy], {}, now, [node], cfg({ policy: 'auto' })).get('ns/busy/app')!;
    expect(plain.nrThrottled).toBe(300);
    // quota 50000 → 60000 → 72000 → 86400 ≥ the 80000 demand: throttled only in the first three seconds
    expect(burst.decisions.map((d) => [d.op, d.fromQuotaUs, d.toQuotaUs])).toEqual([['scaleUp', 50000, 60000], ['scaleUp', 60000, 72000], ['scaleUp', 72000, 86400]]);
    expect(burst.quotaUs).toBe(86400);
    expect(burst.baseQuotaUs).toBe(50000);
    expect(burst.cfsBurstUs).toBe(86400); // cpuBurstPercent 1000 capped at the quota
    expect(burst.nrThrottled).toBeLessThanOrEqual(30);
    expect(burst.nodeState).toBe('idle');
    expect(clusterUsage([busy], {}, now, [node], cfg({ policy: 'auto' }))['ns/busy']!['app']!.cpuMilli).toBe(800);
    expect(clusterUsage([busy], {}, now, [node])['ns/busy']!['app']!.cpuMilli).toBe(500);
  });

  it('stops at the ceiling (cfsQuotaBurstPercent) and leaves BE/LSR pods and pods without a limit alone', () => {
    const hungry = pod('hungry', '2', '500m');
    const r = clusterCpuStats([hungry], {}, now, [node], cfg({ policy: 'cfsQuotaBurstOnly', cfsQuotaBurstPercent: 200 })).get('ns/hungry/app')!;
    expect(r.quotaUs).toBe(100_000);
    expect(r.cfsBurstUs).toBe(0);
    for (const p of [pod('be', '800m', '500m', { 'koordinator.sh/qosClass': 'BE' }), pod('lsr', '800m', '500m', { 'koordinator.sh/qosClass': 'LSR' })]) {
      const s = clusterCpuStats([p], {}, now, [node], cfg({ policy: 'auto' })).get(`ns/${p.metadata!.name}/app`)!;
      expect([s.quotaUs, s.cfsBurstUs, s.decisions.length]).toEqual([50000, 0, 0]);
    }
  });

  it('an overloaded node scales quotas back down to the base', () => {
    // 4 CPUs, threshold 50%: a 2.5-CPU unlimited LS pod keeps the share pool at 2.5 + 0.5 of 4 → overload
    const other = pod('other', '2500m', undefined);
    const r = clusterCpuStats([busy, other], {}, now, [node], cfg({ policy: 'auto' })).get('ns/busy/app')!;
    expect(r.quotaUs).toBe(50000);
    expect(r.nodeState).toBe('overload');
  });

  it('the pod annotation overrides the node config; cpuBurstOnly only sets cfs_burst_us', () => {
    const annotated = pod('ann', '800m', '500m', {}, { 'koordinator.sh/cpuBurst': '{"policy":"cpuBurstOnly","cpuBurstPercent":50}' });
    const r = clusterCpuStats([annotated], {}, now, [node], cfg({ policy: 'auto' })).get('ns/ann/app')!;
    expect([r.quotaUs, r.cfsBurstUs]).toEqual([50000, 25000]);
    // cpu.stat's burst_usec (CPU run beyond the quota) stays apart from it: a container that never
    // left runtime unused has no burst to spend, so none, and it is throttled every period
    expect([r.nrBursts, r.burstUs, r.nrThrottled]).toEqual([0, 0, 300]);
  });
});
