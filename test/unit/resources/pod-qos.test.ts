// One QoS class for the API server and the kubelet: ComputePodQOS with the rows of qos_test.go (TestComputePodQOS).
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { computePodQOS, qosClass } from '../../../shared/nodes/pod-resources';
import { prepareCreate } from '../../../shared/apiserver/object-meta';
import { BUILTIN_RESOURCES } from '../../../shared/api/registry';

const rl = (cpu: string, memory: string, extra: Record<string, string> = {}) => ({ ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}), ...extra });
const c = (name: string, requests: Record<string, string>, limits: Record<string, string>): Container => ({ name, resources: { requests, limits } });
const pod = (containers: Container[], initContainers: Container[] = [], resources?: object): Pod => ({ spec: { containers, initContainers, ...(resources ? { resources } : {}) } as Pod['spec'] });

const rows: [string, Pod, string][] = [
  ['guaranteed', pod([c('guaranteed', rl('100m', '100Mi'), rl('100m', '100Mi'))]), 'Guaranteed'],
  ['guaranteed-guaranteed', pod([c('a', rl('100m', '100Mi'), rl('100m', '100Mi')), c('b', rl('100m', '100Mi'), rl('100m', '100Mi'))]), 'Guaranteed'],
  ['best-effort-best-effort', pod([c('a', {}, {}), c('b', {}, {})]), 'BestEffort'],
  ['best-effort', pod([c('a', {}, {})]), 'BestEffort'],
  ['best-effort-burstable', pod([c('a', {}, {}), c('b', rl('1', ''), rl('2', ''))]), 'Burstable'],
  ['best-effort-guaranteed', pod([c('a', {}, {}), c('b', rl('10m', '100Mi'), rl('10m', '100Mi'))]), 'Burstable'],
  ['burstable-cpu-guaranteed-memory', pod([c('a', rl('', '100Mi'), rl('', '100Mi'))]), 'Burstable'],
  ['burstable-no-limits', pod([c('a', rl('100m', '100Mi'), {})]), 'Burstable'],
  ['burstable-guaranteed', pod([c('a', rl('1', '100Mi'), rl('2', '100Mi')), c('b', rl('100m', '100Mi'), rl('100m', '100Mi'))]), 'Burstable'],
  ['burstable-unbounded-but-requests-match-limits', pod([c('a', rl('100m', '100Mi'), rl('200m', '200Mi')), c('b', rl('100m', '100Mi'), {})]), 'Burstable'],
  ['burstable-1', pod([c('a', rl('10m', '100Mi'), rl('100m', '200Mi'))]), 'Burstable'],
  ['burstable-2', pod([c('a', rl('0', '0'), rl('100m', '200Mi'))]), 'Burstable'],
  ['best-effort-hugepages', pod([c('a', rl('0', '0', { 'hugepages-2Mi': '1Gi' }), rl('0', '0', { 'hugepages-2Mi': '1Gi' }))]), 'BestEffort'],
  ['init-container', pod([c('a', {}, {})], [c('init', rl('10m', '100Mi'), rl('100m', '200Mi'))]), 'Burstable'],
  // PodLevelResources is off in 1.32: spec.resources does not count
  ['guaranteed-with-pod-level-resources (gate off)', pod([c('a', {}, {})], [], { requests: rl('10m', '100Mi'), limits: rl('10m', '100Mi') }), 'BestEffort'],
  // quantities compare by value
  ['guaranteed in other units', pod([c('a', rl('1', '1Gi'), rl('1000m', '1024Mi'))]), 'Guaranteed'],
];

describe('computePodQOS (qos_test.go)', () => {
  it.each(rows)('%s', (_n, p, want) => expect(computePodQOS(p)).toBe(want));

  it('GetPodQOS prefers the status the API server set', () => {
    expect(qosClass({ ...pod([c('a', {}, {})]), status: { qosClass: 'Burstable' } })).toBe('Burstable');
  });

  it('the API server stores the same class on create', () => {
    const def = BUILTIN_RESOURCES.find((d) => d.group === '' && d.kind === 'Pod')!;
    for (const [, p, want] of rows) {
      const created = prepareCreate(def, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: p.spec } as never, 'default', { now: '2025-01-01T00:00:00Z', newUid: () => 'u', rand: () => 0 } as never);
      expect((created.status as { qosClass: string }).qosClass).toBe(want);
    }
  });
});
