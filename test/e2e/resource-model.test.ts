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
  await kubectl(['-n', 'koordinator-system', 'delete', 'configmap', 'slo-controller-config', '--ignore-not-found'], { allowFail: true });
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

describe('Koordinator CPU burst', () => {
  it('a pod under the auto policy gets its quota raised while throttled, and throttles less than one without', async () => {
    await kubectl(['create', 'namespace', 'koordinator-system'], { allowFail: true });
    // only this test's pool runs koordlet's CPU burst, with policy none unless a pod asks for more
    const config = { nodeStrategies: [{ nodeSelector: { matchLabels: { 'kubeflare.dev/node-pool': pool } }, policy: 'none' }] };
    await kubectl(['-n', 'koordinator-system', 'apply', '-f', '-'], { stdin: manifest({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'slo-controller-config' }, data: { 'cpu-burst-config': JSON.stringify(config) } }) });
    const limits = { cpu: '500m', memory: '256Mi' };
    await kubectl(['-n', ns, 'create', '-f', '-'], { stdin: manifest(pod('bursty', { 'kubeflare.dev/cpu-demand': '800m', 'koordinator.sh/cpuBurst': '{"policy":"auto"}' }, { requests: limits, limits })) });

    const text = await poll(async () => {
      const t = (await kubectl(['get', '--raw', '/metrics'])).stdout;
      return (series(t, 'container_cpu_cfs_periods_total', 'bursty') ?? 0) >= 60 ? t : undefined;
    }, 30_000, '60 CFS periods of the bursty pod');
    const quota = text.split('\n').find((l) => l.startsWith('koordlet_container_scaled_cfs_quota_us{') && l.includes('pod_name="bursty"'));
    // 50000 ×1.2 ×1.2 ×1.2 = 86400 µs: above the 80ms the pod wants per period
    expect(quota?.split(' ')[1]).toBe('86400');
    const periods = series(text, 'container_cpu_cfs_periods_total', 'bursty')!;
    const throttled = series(text, 'container_cpu_cfs_throttled_periods_total', 'bursty')!;
    expect(throttled).toBeGreaterThan(0);
    expect(throttled).toBeLessThanOrEqual(40);
    expect(throttled / periods).toBeLessThan(series(text, 'container_cpu_cfs_throttled_periods_total', 'busy')! / series(text, 'container_cpu_cfs_periods_total', 'busy')!);
    // the pod no longer limited by its 500m quota gets what it wants
    const top = tableRows((await kubectl(['-n', ns, 'top', 'pod', 'bursty', '--no-headers'])).stdout)[0]!;
    expect(top[1]).toBe('800m');
  }, 60_000);
});

describe('memory limits', () => {
  it('a memory leak past the limit ends in OOMKilled (137) and CrashLoopBackOff, which describe pod tells', async () => {
    const profile = {
      apiVersion: 'kubeflare.dev/v1alpha1',
      kind: 'WorkloadProfile',
      metadata: { name: 'leaky' },
      // 50Mi at start, +50Mi/s: above the 200Mi limit 3s after each start
      spec: { memory: { type: 'trace', points: [{ at: 0, value: '50Mi' }, { at: 4, value: '250Mi' }] }, cpu: { type: 'constant', value: '10m' } },
    };
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(profile) });
    await kubectl(['-n', ns, 'create', '-f', '-'], { stdin: manifest(pod('leak', { 'kubeflare.dev/profile': 'leaky' }, { requests: { memory: '100Mi' }, limits: { memory: '200Mi' } })) });

    const status = await poll(async () => {
      const p = await getJson(['-n', ns, 'pod', 'leak']);
      return p.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff' ? p.status : undefined;
    }, 40_000, 'the leaking pod in CrashLoopBackOff');
    const cs = status.containerStatuses[0];
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
    expect(cs.restartCount).toBeGreaterThanOrEqual(1);
    expect(status.qosClass).toBe('Burstable');

    const described = (await kubectl(['-n', ns, 'describe', 'pod', 'leak'])).stdout;
    expect(described).toMatch(/State:\s+Waiting\n\s+Reason:\s+CrashLoopBackOff/);
    expect(described).toMatch(/Last State:\s+Terminated\n\s+Reason:\s+OOMKilled\n\s+Exit Code:\s+137/);
    expect(described).toMatch(/Restart Count:\s+[1-9]/);
    expect(described).toMatch(/QoS Class:\s+Burstable/);
    expect(described).toMatch(/BackOff.*Back-off restarting failed container app in pod leak_/);
    const row = tableRows((await kubectl(['-n', ns, 'get', 'pod', 'leak', '--no-headers'])).stdout)[0]!;
    expect(row[2]).toBe('CrashLoopBackOff');
  }, 60_000);
});
