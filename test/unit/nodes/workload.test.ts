import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { demandAt, demandValue } from '../../../shared/nodes/demand';
import { parseDemand, resolveProfile, type WorkloadProfile } from '../../../shared/nodes/workload-profile';
import { advanceCpuCounters, nodeMetrics, podMetrics } from '../../../shared/nodes/metrics';
import { prometheusText } from '../../../shared/nodes/prometheus';
import { logLines } from '../../../shared/nodes/container-logs';
import { buildNode } from '../../../shared/nodes/node-builder';

const T0 = Date.UTC(2025, 0, 1);

describe('demand profiles', () => {
  it.each([
    ['250m', 0, 250],
    ['step:0=100m,60=500m', 59_000, 100],
    ['step:0=100m,60=500m', 60_000, 500],
    ['sine:base=200m,amplitude=100m,period=60', 15_000, 300],
    ['sine:base=200m,amplitude=100m,period=60', 45_000, 100],
    ['trace:0=100m,10=300m,20=100m', 5_000, 200],
    ['trace:0=100m,10=300m,20=100m', 99_000, 100],
    ['trace:0=100m,10=300m,20=100m;repeat', 25_000, 200],
    ['trace:0=100m,10=300m;step', 9_000, 100],
  ])('%s at %dms → %dm', (s, t, want) => expect(demandValue(parseDemand(s), 'cpu', T0 + t, T0)).toBe(want));

  it('memory demand and wall clock', () => {
    expect(demandValue(parseDemand('step:0=64Mi,30=128Mi'), 'memory', T0 + 31_000, T0)).toBe(128 * 2 ** 20);
    expect(demandValue(parseDemand('step:0=1,60=2;wall'), 'number', 60_000, 1e12)).toBe(2);
  });
  it.each(['step:0', 'sine:amplitude=1', 'trace:x=1'])('malformed %j', (s) => expect(parseDemand(s)).toBeUndefined());

  it('load is shared by ready pods: more replicas, less CPU each', () => {
    const profile: WorkloadProfile = { spec: { cpu: { type: 'constant', value: '20m' }, load: { requestsPerSecond: { type: 'constant', value: 300 }, cpuPerRequest: '2m' } } };
    const p: Pod = { metadata: { name: 'w' }, spec: { containers: [{ name: 'app', image: 'x' }] } };
    const eff = resolveProfile(p, profile);
    const at = (readyPods: number, ready = true) => demandAt(eff, { now: T0, startedAtMs: { app: T0 }, readyPods, ready })['app']!.cpuMilli;
    expect([at(1), at(2), at(3), at(3, false)]).toEqual([620, 320, 220, 20]);
  });

  it('annotations override the profile, per container with a suffix', () => {
    const p: Pod = {
      metadata: { name: 'w', annotations: { 'kubeflare.dev/cpu-demand': '300m', 'kubeflare.dev/startup-seconds.side': '9', 'kubeflare.dev/log-lines': 'a\nb' } },
      spec: { initContainers: [{ name: 'init', image: 'x' }], containers: [{ name: 'app', image: 'x' }, { name: 'side', image: 'y' }] },
    };
    const eff = resolveProfile(p, { spec: { cpu: { type: 'constant', value: '1' }, startupSeconds: 2, containers: { side: { readinessDelaySeconds: 4 } } } });
    expect(eff.containers['app']).toMatchObject({ cpu: { type: 'constant', value: '300m' }, startupSeconds: 2, logLines: ['a', 'b'] });
    expect(eff.containers['side']).toMatchObject({ startupSeconds: 9, readinessDelaySeconds: 4 });
    expect(eff.containers['init']).toMatchObject({ exitAfterSeconds: 1, exitCode: 0 });
  });
});

describe('metrics', () => {
  const pod: Pod = { metadata: { name: 'web', namespace: 'default' }, spec: { nodeName: 'n-0', containers: [] }, status: { phase: 'Running' } };
  it('PodMetrics and NodeMetrics in metrics.k8s.io/v1beta1 shape', () => {
    const usage = { app: { cpuMilli: 250, memoryBytes: 1024 * 2 ** 20 } };
    expect(podMetrics([pod, { ...pod, metadata: { name: 'other', namespace: 'default' } }], { 'default/web': usage }, T0)).toEqual([{
      kind: 'PodMetrics', apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: { name: 'web', namespace: 'default', creationTimestamp: '2025-01-01T00:00:00Z' },
      timestamp: '2025-01-01T00:00:00Z', window: '20s',
      containers: [{ name: 'app', usage: { cpu: '250m', memory: '1048576Ki' } }],
    }]);
    const nm = nodeMetrics(buildNode({ metadata: { name: 'n' } }, 0), [usage], T0);
    expect(nm).toMatchObject({ kind: 'NodeMetrics', metadata: { name: 'n-0' }, window: '20s', usage: { cpu: '300m', memory: `${1536 * 1024}Ki` } });
  });
  it('CPU counters integrate usage over time', () => {
    const c = advanceCpuCounters(advanceCpuCounters(undefined, { a: 500 }, T0), { a: 500 }, T0 + 10_000);
    expect(c.seconds['a']).toBe(5);
  });
  it('Prometheus text with kubelet names', () => {
    const text = prometheusText([{ node: 'n-0', cpuSeconds: 12.5, memoryBytes: 100, runningPods: 1, containersByState: { running: 1 }, containers: [{ namespace: 'default', pod: 'web', container: 'app', cpuSeconds: 2.25, memoryBytes: 42 }] }], T0);
    expect(text).toContain('# TYPE container_cpu_usage_seconds_total counter\ncontainer_cpu_usage_seconds_total{container="app",namespace="default",pod="web"} 2.25 1735689600000');
    expect(text).toContain('container_memory_working_set_bytes{container="app",namespace="default",pod="web"} 42 1735689600000');
    expect(text).toContain('node_cpu_usage_seconds_total{node="n-0"} 12.5');
    expect(text).toContain('kubelet_running_pods{node="n-0"} 1');
    expect(text).toContain('kubelet_running_containers{container_state="running",node="n-0"} 1');
  });
});

describe('logLines', () => {
  const pod: Pod = {
    metadata: { name: 'web', namespace: 'default' }, spec: { nodeName: 'n-0', containers: [] },
    status: { containerStatuses: [{ name: 'app', image: 'x', imageID: '', ready: true, restartCount: 0, state: { running: { startedAt: '2025-01-01T00:00:00Z' } } }] },
  };
  const b = { logLines: ['GET / {n}', 'GET /health {n}'], logIntervalSeconds: 10 };
  it('cycles lines every interval since start', () => {
    expect(logLines(pod, 'app', b, T0 + 35_000)).toBe('GET / 0\nGET /health 1\nGET / 2\nGET /health 3\n');
  });
  it('tailLines, sinceSeconds and timestamps', () => {
    expect(logLines(pod, 'app', b, T0 + 35_000, { tailLines: 1, timestamps: true })).toBe('2025-01-01T00:00:30.000000000Z GET /health 3\n');
    expect(logLines(pod, 'app', b, T0 + 35_000, { sinceSeconds: 10 })).toBe('GET /health 3\n');
  });
  it('default line, and undefined before the container starts', () => {
    expect(logLines(pod, 'app', undefined, T0)).toBe('app started on n-0 (simulated by kubeflare; no process runs)\n');
    expect(logLines(pod, 'nope', b, T0)).toBeUndefined();
  });
});
