import { describe, expect, it } from 'vitest';
import { cpuRates, parseSample, podCpuCounters } from '../../../dashboard/src/model/cpu-counters';
import { prometheusText } from '../../../shared/nodes/prometheus';

describe('parseSample', () => {
  it('name, labels (escapes undone), value and timestamp', () => {
    expect(parseSample('container_cpu_cfs_periods_total{container="app",namespace="a",pod="we\\"b"} 40 1700000000000')).toEqual({
      name: 'container_cpu_cfs_periods_total',
      labels: { container: 'app', namespace: 'a', pod: 'we"b' },
      value: 40,
      at: 1700000000000,
    });
    expect(parseSample('koordlet_container_scaled_cfs_quota_us{pod_name="p"} 86400')).toMatchObject({ value: 86400, at: undefined });
    expect(parseSample('# TYPE x counter')).toBeUndefined();
  });
});

describe('podCpuCounters over the exposition the kubelets write (shared/nodes/prometheus.ts)', () => {
  const at = 1_700_000_000_000;
  const text = prometheusText(
    [
      {
        node: 'n-0',
        cpuSeconds: 9,
        memoryBytes: 0,
        runningPods: 2,
        containersByState: { running: 3 },
        containers: [
          { namespace: 'a', pod: 'busy', container: 'app', cpuSeconds: 2, memoryBytes: 0, cfs: { periods: 40, throttledPeriods: 40, throttledSeconds: 2 } },
          { namespace: 'a', pod: 'busy', container: 'side', cpuSeconds: 1, memoryBytes: 0, cfs: { periods: 40, throttledPeriods: 10, throttledSeconds: 0.1 }, koordlet: { quotaUs: 60000, burstUs: 50000 }, containerID: 'x' },
          { namespace: 'a', pod: 'free', container: 'app', cpuSeconds: 6, memoryBytes: 0 },
        ],
      },
    ],
    at,
  );

  it('sums containers per pod; pods without a CPU quota are left out', () => {
    const c = podCpuCounters(text, 0);
    expect([...c.keys()]).toEqual(['a/busy']);
    expect(c.get('a/busy')).toEqual({ namespace: 'a', pod: 'busy', at, usageSeconds: 3, periods: 80, throttledPeriods: 50, throttledSeconds: 2.1, scaledQuotaUs: 60000, burstUs: 50000 });
  });
});

describe('cpuRates', () => {
  const base = { namespace: 'a', pod: 'p', at: 0, usageSeconds: 0, periods: 0, throttledPeriods: 0, throttledSeconds: 0 };
  it('cores, share of periods throttled and throttled time per second between two scrapes', () => {
    // 500m limit, wanting 800m: every period throttled, 50 ms of each 100 ms
    expect(cpuRates(base, { ...base, at: 5000, usageSeconds: 2.5, periods: 50, throttledPeriods: 50, throttledSeconds: 2.5 })).toEqual({ cores: 0.5, throttledShare: 1, throttledPerSecond: 0.5 });
  });
  it('no period elapsed: no share; no time passed or a counter went back (restart): no rates', () => {
    expect(cpuRates(base, { ...base, at: 5000 })).toEqual({ cores: 0, throttledShare: null, throttledPerSecond: 0 });
    expect(cpuRates({ ...base, at: 5000 }, { ...base, at: 5000 })).toBeUndefined();
    expect(cpuRates({ ...base, periods: 9 }, { ...base, at: 5000, periods: 3 })).toBeUndefined();
  });
});
