import type { Node, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import {
  cfsOperation, cpuBurstUs, DEFAULT_CPU_BURST_STRATEGY, limiterAllow, limiterAllows, newBurstLimiter, nodeBurstState, nodeCpuBurstStrategy,
  operationByNode, parseCpuBurstCfg, podCpuBurstConfig, isPodCpuBurstable, targetCfsQuota, type CpuBurstConfig,
} from '../../../shared/resources';

// Rows from koordinator-sh/koordinator pkg/koordlet/qosmanager/plugins/cpuburst/cpu_burst_test.go.
const P = 100_000;
const auto: CpuBurstConfig = { policy: 'auto', cpuBurstPercent: 1000, cfsQuotaBurstPercent: 300, cfsQuotaBurstPeriodSeconds: -1 };

describe('koordlet cpu burst', () => {
  it.each([
    ['apply-by-default-burst-config', auto, 5000, 5 * P],
    ['apply-by-default-burst-config (3 cores)', auto, 3000, 3 * P],
    ['apply-by-specified-burst-config', { policy: 'auto', cpuBurstPercent: 500 }, 5000, 5 * P],
    ['apply-by-disabled-burst-config', { policy: 'cfsQuotaBurstOnly', cpuBurstPercent: 500 }, 5000, 0],
    ['apply-by-unlimited-container', auto, 0, 0],
    ['below the quota', { policy: 'cpuBurstOnly', cpuBurstPercent: 50 }, 2000, 100_000],
  ] as const)('cfs_burst_us: %s', (_n, cfg, limitMilli, want) => expect(cpuBurstUs(cfg, limitMilli, limitMilli * 100 || -1)).toBe(want));

  // TestCPUBurst_getNodeStateForBurst: 16 CPUs, an LSR pod requesting 8
  it.each([
    ['get-unknown-status-because-of-nil-node-metric', { nodeUsedCores: undefined, nodeCores: 16, exclusiveRequestCores: 0, excludedUsageCores: 0 }, 'unknown'],
    ['get-unknown-status-because-of-lack-node-info', { nodeUsedCores: 6, nodeCores: 0, exclusiveRequestCores: 0, excludedUsageCores: 0 }, 'unknown'],
    ['get-idle-status-with-lsr-pod', { nodeUsedCores: 10, nodeCores: 16, exclusiveRequestCores: 8, excludedUsageCores: 7 }, 'idle'],
    ['get-overload-status-with-lsr-pod', { nodeUsedCores: 10, nodeCores: 16, exclusiveRequestCores: 8, excludedUsageCores: 5 }, 'overload'],
    ['get-cooling-status-with-lsr-pod', { nodeUsedCores: 10, nodeCores: 16, exclusiveRequestCores: 8, excludedUsageCores: 6.25 }, 'cooling'],
  ] as const)('node state: %s', (_n, sample, want) => expect(nodeBurstState(50, sample)).toBe(want));

  // TestCPUBurst_applyCFSQuotaBurst: a 2-CPU limit (base 200000), throttled unless said otherwise
  const base = 2 * P;
  const decide = (cfg: CpuBurstConfig, state: Parameters<typeof operationByNode>[0], cur: number, throttled = true) => {
    const { allowed } = limiterAllows(cfg, undefined, 0, 75, 0);
    return targetCfsQuota(base, cur, cfg, operationByNode(state, cfsOperation(cfg, allowed, throttled)));
  };
  it.each([
    ['scale-reset-for-burst-config-disabled-on-idle-state', { ...auto, policy: 'cpuBurstOnly' }, 'idle', 2 * 2 * P, true, 2 * P],
    ['scale-remain-for-throttled-pod-on-cooling-state', auto, 'cooling', 2 * 2 * P, true, 2 * 2 * P],
    ['scale-down-to-base-for-throttled-pod-on-overload-state', auto, 'overload', Math.trunc(2 * 1.01 * P), true, 2 * P],
    ['scale-down-for-throttled-pod-on-overload-state', auto, 'overload', 2 * 2 * P, true, Math.trunc(2 * 2 * 0.8 * P)],
    ['scale-down-because-burst-period-config-zero-on-idle-state', { ...auto, cfsQuotaBurstPeriodSeconds: 0 }, 'idle', 2 * 2 * P, true, Math.trunc(2 * 2 * 0.8 * P)],
    ['scale-reset-because-burst-percent-config-illegal-on-idle-state', { ...auto, cfsQuotaBurstPercent: 90 }, 'idle', 2 * 2 * P, true, 2 * P],
    ['scale-remain-because-not-throttled-on-idle-state', auto, 'idle', Math.trunc(2 * 2.9 * P), false, Math.trunc(2 * 2.9 * P)],
    ['scale-up-limit-by-ceil-on-idle-state', auto, 'idle', Math.trunc(2 * 2.9 * P), true, 2 * 3 * P],
    ['scale-up-from-base-on-idle-state', auto, 'idle', 2 * P, true, Math.trunc(2 * 1.2 * P)],
  ] as const)('cfs quota: %s', (_n, cfg, state, cur, throttled, want) => expect(decide(cfg, state, cur, throttled)).toBe(want));

  // Test_burstLimiter_Allow: 10 s since the last update
  it.each([
    ['consume-enough-token-with-full-init', 100, 150, 1, 150, true, 4500],
    ['consume-not-enough-token-with-part-init', 100, 150, 0.01, 200, false, -950],
    ['consume-not-enough-token-to-bottom-with-part-init', 10, 150, 0.01, 200, false, -500],
    ['accumulate-token-with-part-init', 100, 150, 0.1, 40, true, 1100],
    ['accumulate-token-to-ceil-with-part-init', 100, 150, 0.9, 40, true, 5000],
  ] as const)('limiter: %s', (_n, period, percent, initRatio, usage, allowed, tokens) => {
    const l = newBurstLimiter(period, percent, 0, 0);
    const r = limiterAllow({ ...l, tokens: Math.trunc(l.capacity * initRatio) }, 10_000, usage);
    expect(r.allowed).toBe(allowed);
    expect(r.limiter.tokens).toBe(tokens);
  });

  it('starts a new bucket when the config changes (Test_burstLimiter_UpdateIfChanged)', () => {
    const old = newBurstLimiter(600, 300, 0, 0.5);
    const { limiter } = limiterAllows({ cfsQuotaBurstPeriodSeconds: 300, cfsQuotaBurstPercent: 200 }, old, 1000, 80, 0);
    expect(limiter!.capacity).toBe(300 * 100);
  });
});

describe('the cpu-burst-config of slo-controller-config', () => {
  const node = (labels: Record<string, string>): Node => ({ metadata: { name: 'n', labels } });

  it('merges the cluster strategy over the defaults and node strategies over it, first matching selector wins', () => {
    const r = parseCpuBurstCfg({ 'cpu-burst-config': JSON.stringify({
      clusterStrategy: { policy: 'cpuBurstOnly', cpuBurstPercent: 200 },
      nodeStrategies: [
        { nodeSelector: { matchExpressions: [{ key: 'pool', operator: 'Bogus' }] }, policy: 'none' },
        { nodeSelector: { matchLabels: { pool: 'burst' } }, policy: 'auto', cfsQuotaBurstPercent: 150 },
      ],
    }) });
    if (!('cfg' in r)) throw new Error(r.error);
    expect(r.cfg.clusterStrategy).toEqual({ ...DEFAULT_CPU_BURST_STRATEGY, policy: 'cpuBurstOnly', cpuBurstPercent: 200 });
    expect(nodeCpuBurstStrategy(r.cfg, node({ pool: 'burst' }))).toEqual({ ...DEFAULT_CPU_BURST_STRATEGY, policy: 'auto', cpuBurstPercent: 200, cfsQuotaBurstPercent: 150 });
    expect(nodeCpuBurstStrategy(r.cfg, node({ pool: 'other' })).policy).toBe('cpuBurstOnly');
  });

  it('uses the defaults without the key and reports JSON that does not unmarshal', () => {
    expect(parseCpuBurstCfg({})).toEqual({ cfg: { clusterStrategy: DEFAULT_CPU_BURST_STRATEGY, nodeStrategies: [] } });
    expect(parseCpuBurstCfg({ 'cpu-burst-config': '{"clusterStrategy":' })).toHaveProperty('error');
    expect(parseCpuBurstCfg({ 'cpu-burst-config': '{"clusterStrategy":{"cpuBurstPercent":"lots"}}' })).toEqual({ error: 'json: cannot unmarshal string into Go struct field CPUBurstCfg.clusterStrategy.cpuBurstPercent of type int64' });
    expect(parseCpuBurstCfg({ 'cpu-burst-config': '{"clusterStrategy":{"cfsQuotaBurstPercent":1.5}}' })).toHaveProperty('error');
  });

  // Test_genPodBurstConfig
  it('merges the pod annotation over the node config', () => {
    const nodeCfg = { policy: 'auto', cpuBurstPercent: 1000, cfsQuotaBurstPercent: 300, cfsQuotaBurstPeriodSeconds: 600 };
    const pod = (ann?: object): Pod => ({ metadata: { annotations: ann ? { 'koordinator.sh/cpuBurst': JSON.stringify(ann) } : {} } });
    expect(podCpuBurstConfig(pod(), nodeCfg)).toEqual(nodeCfg);
    expect(podCpuBurstConfig(pod({ policy: 'cpuBurstOnly', cpuBurstPercent: 500 }), nodeCfg)).toEqual({ ...nodeCfg, policy: 'cpuBurstOnly', cpuBurstPercent: 500 });
    expect(podCpuBurstConfig({ metadata: { annotations: { 'koordinator.sh/cpuBurst': '{bad' } } }, nodeCfg)).toEqual(nodeCfg);
  });

  it.each([['LS', true], ['', true], ['SYSTEM', true], ['LSR', false], ['LSE', false], ['BE', false]])('a %j pod is burstable: %s', (qos, want) =>
    expect(isPodCpuBurstable({ metadata: { labels: qos ? { 'koordinator.sh/qosClass': qos } : {} } })).toBe(want));
});
