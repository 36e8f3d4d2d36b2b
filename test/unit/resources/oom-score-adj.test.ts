import type { Container, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { oomScoreAdj } from '../../../shared/resources';

// Rows from kubernetes/kubernetes pkg/kubelet/qos/policy_test.go (TestGetContainerOOMScoreAdjust).
const STANDARD = 8_000_000_000;
const c = (name: string, requests: Record<string, string> = {}, limits: Record<string, string> = {}, sidecar = false): Container => ({
  name, resources: { requests, limits }, ...(sidecar ? { restartPolicy: 'Always' } : {}),
});
const pod = (containers: Container[], initContainers: Container[] = [], extra: Partial<Pod['spec']> = {}): Pod => ({ spec: { containers, initContainers, ...extra } });

const memReq = String(STANDARD / 8);
const memLim = String(1000 + STANDARD / 8);
const main = c('main-1', { memory: memReq }, { memory: memLim });
const init = c('init-container', { memory: memReq }, { memory: memLim });

const rows: [string, Pod, number, Record<string, [number, number]>][] = [
  ['cpu-limit', pod([c('cpu-limit', {}, { cpu: '10' })]), 4_000_000_000, { 'cpu-limit': [999, 999] }],
  ['memory-limit-cpu-request', pod([c('memory-limit-cpu-request', { cpu: '0' }, { memory: '10G' })]), STANDARD, { 'memory-limit-cpu-request': [999, 999] }],
  ['zero-memory-limit', pod([c('zero-memory-limit', {}, { memory: '0' })]), 7_230_457_451, { 'zero-memory-limit': [1000, 1000] }],
  ['no-request-limit', pod([c('no-request-limit')]), 4_000_000_000, { 'no-request-limit': [1000, 1000] }],
  ['equal-request-limit-cpu-memory', pod([c('equal-request-limit-cpu-memory', { memory: '10G', cpu: '5m' }, { cpu: '5m', memory: '10G' })]), 123_456_789, { 'equal-request-limit-cpu-memory': [-997, -997] }],
  ['cpu-unlimited-memory-limited-with-requests', pod([c('cpu-unlimited-memory-limited-with-requests', { memory: String(STANDARD / 2), cpu: '5m' }, { memory: '10G' })]), STANDARD, { 'cpu-unlimited-memory-limited-with-requests': [495, 505] }],
  ['request-no-limit', pod([c('request-no-limit', { memory: String(STANDARD - 1), cpu: '5m' })]), STANDARD, { 'request-no-limit': [3, 3] }],
  ['cluster-critical', pod([c('cluster-critical')], [], { priorityClassName: 'system-cluster-critical', priority: 2_000_000_000 }), 4_000_000_000, { 'cluster-critical': [1000, 1000] }],
  ['node-critical', pod([c('node-critical')], [], { priorityClassName: 'system-node-critical', priority: 2_000_001_000 }), 4_000_000_000, { 'node-critical': [-997, -997] }],
  ['burstable-unique-container-pod', pod([c('burstable-unique-container', { memory: memReq }, { memory: memLim })]), STANDARD, { 'burstable-unique-container': [875, 880] }],
  ['burstable-mixed-unique-main-container-pod', pod([main], [init]), STANDARD, { 'init-container': [875, 880], 'main-1': [875, 880] }],
  ['burstable-mixed-multi-container-small-sidecar-pod', pod([main], [init, c('sidecar-small-container', { memory: String(STANDARD / 20) }, { memory: memLim }, true)]), STANDARD,
    { 'init-container': [875, 880], 'sidecar-small-container': [875, 875], 'main-1': [875, 875] }],
  ['burstable-mixed-multi-container-sample-request-pod', pod([main], [init, c('sidecar-container', { memory: memReq }, { memory: memLim }, true)]), STANDARD,
    { 'init-container': [875, 880], 'sidecar-container': [875, 875], 'main-1': [875, 875] }],
  ['burstable-mixed-multi-container-big-sidecar-container-pod', pod([main], [init, c('sidecar-big-container', { memory: String(STANDARD / 2) }, { memory: memLim }, true)]), STANDARD,
    { 'init-container': [875, 880], 'sidecar-big-container': [500, 500], 'main-1': [875, 875] }],
];

describe('oom_score_adj as the kubelet sets it', () => {
  it.each(rows)('%s', (_name, p, capacity, want) => {
    for (const container of [...(p.spec!.initContainers ?? []), ...p.spec!.containers]) {
      const adj = oomScoreAdj(p, container, capacity);
      const [low, high] = want[container.name]!;
      expect(adj, container.name).toBeGreaterThanOrEqual(low);
      expect(adj, container.name).toBeLessThanOrEqual(high);
    }
  });
});
