// The node resource model (issue 13) as kubectl shows it: a CPU limit throttles (kubectl top shows the granted CPU,
// /metrics the CFS counters), a memory leak past the limit ends in OOMKilled (137) and CrashLoopBackOff.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, kubectl, manifest, newNamespace, poll, tableRows } from './support/kubectl';
import { applyPool, deletePools, onPool, poolName } from './support/node-pools';

const pool = poolName('e2e-res');
let ns: string;

beforeAll(async () => {
  await applyPool(pool, { nodes: 1, capacity: { cpu: '4', memory: '8Gi', pods: '110' } });
  ns = await newNamespace('resources');
});
afterAll(async () => {
  await deletePools(pool);
});

function pod(name: string, annotations: Record<string, string>, resources: object) {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, annotations }, spec: { ...onPool(pool), containers: [{ name: 'app', image: 'nginx:1.25', resources }] } };
}

/** The value of one series of `/metrics` for a pod of the test namespace. */
function series(text: string, name: string, podName: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(`namespace="${ns}"`) && l.includes(`pod="${podName}"`));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
}

describe('CPU limits', () => {
  it('a pod limited to 500m that wants 800m gets 500m in kubectl top and is throttled in /metrics', async () => {
    const limits = { cpu: '500m', memory: '256Mi' };
    await kubectl(['-n', ns, 'create', '-f', '-'], { stdin: manifest(pod('busy', { 'kubeflare.dev/cpu-demand': '800m', 'kubeflare.dev/memory-demand': '64Mi' }, { requests: limits, limits })) });
    const top = await poll(async () => {
      const r = tableRows((await kubectl(['-n', ns, 'top', 'pod', 'busy', '--no-headers'], { allowFail: true })).stdout);
      return r[0]?.[1] ? r[0] : undefined;
    }, 30_000, 'metrics for the busy pod');
    expect(top.slice(1)).toEqual(['500m', '64Mi']);

    // a couple of seconds later: every 100ms period ran out of its 50ms quota
    const text = await poll(async () => {
      const t = (await kubectl(['get', '--raw', '/metrics'])).stdout;
      return (series(t, 'container_cpu_cfs_periods_total', 'busy') ?? 0) >= 20 ? t : undefined;
    }, 20_000, '20 CFS periods');
    const periods = series(text, 'container_cpu_cfs_periods_total', 'busy')!;
    expect(series(text, 'container_cpu_cfs_throttled_periods_total', 'busy')).toBe(periods);
    expect(series(text, 'container_cpu_cfs_throttled_seconds_total', 'busy')).toBeCloseTo(periods * 0.05, 6);
    expect(series(text, 'container_cpu_usage_seconds_total', 'busy')).toBeCloseTo(periods * 0.05, 6);
    // `kubectl get --raw /metrics | grep throttled` tells the story
    const grep = text.split('\n').filter((l) => l.includes('throttled') && l.includes(`pod="busy"`));
    expect(grep.map((l) => l.split('{')[0])).toEqual(['container_cpu_cfs_throttled_periods_total', 'container_cpu_cfs_throttled_seconds_total']);

    const described = (await kubectl(['-n', ns, 'describe', 'pod', 'busy'])).stdout;
    expect(described).toMatch(/QoS Class:\s+Guaranteed/);
  }, 60_000);

  it('a pod under its limit is not throttled', async () => {
    await kubectl(['-n', ns, 'create', '-f', '-'], { stdin: manifest(pod('calm', { 'kubeflare.dev/cpu-demand': '300m' }, { requests: { cpu: '250m' }, limits: { cpu: '500m' } })) });
    const text = await poll(async () => {
      const t = (await kubectl(['get', '--raw', '/metrics'])).stdout;
      return (series(t, 'container_cpu_cfs_periods_total', 'calm') ?? 0) >= 10 ? t : undefined;
    }, 30_000, '10 CFS periods');
    expect(series(text, 'container_cpu_cfs_throttled_periods_total', 'calm')).toBe(0);
    const top = tableRows((await kubectl(['-n', ns, 'top', 'pod', 'calm', '--no-headers'])).stdout)[0]!;
    expect(top[1]).toBe('300m');
    expect((await getJson(['-n', ns, 'pod', 'calm'])).status.qosClass).toBe('Burstable');
  }, 60_000);
});
