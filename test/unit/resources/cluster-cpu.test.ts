import type { Node, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { clusterCpuStats, clusterUsage, nodeSamples, podMetrics, prometheusText, rfc3339 } from '../../../shared/nodes';

const START = Date.UTC(2025, 0, 1);
const node: Node = { metadata: { name: 'n1' }, status: { capacity: { cpu: '2', memory: '8Gi' } } };

function pod(name: string, cpuDemand: string, resources: { requests?: Record<string, string>; limits?: Record<string, string> } = {}): Pod {
  return {
    metadata: { name, namespace: 'ns', uid: name, annotations: { 'kubeflare.dev/cpu-demand': cpuDemand, 'kubeflare.dev/memory-demand': '100Mi' } },
    spec: { nodeName: 'n1', containers: [{ name: 'app', image: 'nginx', resources }] },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [{ name: 'app', image: 'nginx', imageID: '', ready: true, restartCount: 0, state: { running: { startedAt: rfc3339(START) } } }],
    },
  };
}

describe('CPU as the node grants it', () => {
  const limited = pod('limited', '800m', { requests: { cpu: '500m' }, limits: { cpu: '500m' } });

  it('shows a pod limited to 500m with a demand of 800m at 500m in kubectl top, and its throttling in cpu.stat', () => {
    const now = START + 60_000;
    const usage = clusterUsage([limited], {}, now);
    expect(podMetrics([limited], usage, now)[0]!.containers[0]!.usage.cpu).toBe('500m');
    const stat = clusterCpuStats([limited], {}, now).get('ns/limited/app')!;
    expect(stat).toMatchObject({ nrPeriods: 600, nrThrottled: 600, usageUs: 30_000_000, quotaUs: 50_000 });
    const text = prometheusText(nodeSamples([node], [limited], usage, now, clusterCpuStats([limited], {}, now)), now);
    expect(text).toContain(`container_cpu_cfs_periods_total{container="app",namespace="ns",pod="limited"} 600 ${now}`);
    expect(text).toContain(`container_cpu_cfs_throttled_periods_total{container="app",namespace="ns",pod="limited"} 600 ${now}`);
    expect(text).toContain(`container_cpu_cfs_throttled_seconds_total{container="app",namespace="ns",pod="limited"} 30 ${now}`);
    expect(text).toContain(`container_cpu_usage_seconds_total{container="app",namespace="ns",pod="limited"} 30 ${now}`);
  });

  it('reports no CFS series for a container without a quota, as cAdvisor', () => {
    const free = pod('free', '800m');
    const now = START + 10_000;
    const text = prometheusText(nodeSamples([node], [free], clusterUsage([free], {}, now), now, clusterCpuStats([free], {}, now)), now);
    expect(text).not.toContain('container_cpu_cfs_periods_total{');
    expect(text).toContain(`container_cpu_usage_seconds_total{container="app",namespace="ns",pod="free"} 8 ${now}`);
  });

  it('keeps a noisy BestEffort pod from starving a Guaranteed one on a full node', () => {
    const guaranteed = pod('guaranteed', '1500m', { requests: { cpu: '1500m', memory: '1Gi' }, limits: { cpu: '1500m', memory: '1Gi' } });
    const noisy = pod('noisy', '8');
    const now = START + 30_000;
    const usage = clusterUsage([guaranteed, noisy], {}, now, [node]);
    expect(usage['ns/guaranteed']!['app']!.cpuMilli).toBe(1500);
    expect(usage['ns/noisy']!['app']!.cpuMilli).toBe(500);
    // without the node the BestEffort pod's demand is not bounded by anything
    expect(clusterUsage([guaranteed, noisy], {}, now)['ns/noisy']!['app']!.cpuMilli).toBe(8000);
    const stats = clusterCpuStats([guaranteed, noisy], {}, now, [node]);
    expect(stats.get('ns/guaranteed/app')!.usageUs).toBe(45_000_000);
    expect(stats.get('ns/noisy/app')!.usageUs).toBe(15_000_000);
  });

  it('caps the working set at the memory limit', () => {
    const p = { ...limited, metadata: { ...limited.metadata, annotations: { ...limited.metadata!.annotations, 'kubeflare.dev/memory-demand': '300Mi' } } };
    p.spec = { ...p.spec!, containers: [{ name: 'app', resources: { limits: { cpu: '500m', memory: '200Mi' } } }] };
    expect(clusterUsage([p], {}, START + 1000)['ns/limited']!['app']!.memoryBytes).toBe(200 * 2 ** 20);
  });
});
