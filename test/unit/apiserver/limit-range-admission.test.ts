// Rows after upstream's plugin/pkg/admission/limitranger/admission_test.go (TestPodLimitFunc,
// TestMergePodResourceRequirements, TestPersistentVolumeClaimLimitFunc) run through the LimitRanger port.
import { describe, expect, it } from 'vitest';
import type { LimitRange, LimitRangeItem, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../shared/api/object';
import { ApiError } from '../../../shared/api/errors';
import { admitLimitRanges, applyLimitRangeDefaults, claimLimitErrors, podLimitErrors } from '../../../shared/apiserver/limit-range-admission';
import { applyDefaults } from '../../../shared/defaults';

const range = (...limits: LimitRangeItem[]): LimitRange => applyDefaults('', 'v1', 'LimitRange', { metadata: { name: 'abc', namespace: 'test' }, spec: { limits } });
const container = (name: string, requests: Record<string, string> = {}, limits: Record<string, string> = {}) => ({ name, image: 'i', resources: { ...(Object.keys(requests).length ? { requests } : {}), ...(Object.keys(limits).length ? { limits } : {}) } });
const pod = (...containers: ReturnType<typeof container>[]): Pod => ({ metadata: { name: 'p', namespace: 'test' }, spec: { containers } });

describe('LimitRanger defaults (TestMergePodResourceRequirements)', () => {
  const lr = range({ type: 'Container', default: { cpu: '100m', memory: '1Gi' }, defaultRequest: { cpu: '50m', memory: '500Mi' } });

  it('a container with nothing stated gets both, and the annotation says so', () => {
    const out = applyLimitRangeDefaults(pod(container('c')), [lr]);
    expect(out.spec!.containers[0]!.resources).toEqual({ limits: { cpu: '100m', memory: '1Gi' }, requests: { cpu: '50m', memory: '500Mi' } });
    expect(out.metadata!.annotations).toEqual({ 'kubernetes.io/limit-ranger': 'LimitRanger plugin set: cpu, memory request for container c; cpu, memory limit for container c' });
  });

  it('what a container states is kept; init containers are named as such', () => {
    const p = { ...pod(container('c', { cpu: '10m' }, { cpu: '20m', memory: '1Gi' })), spec: { containers: [container('c', { cpu: '10m' }, { cpu: '20m', memory: '1Gi' })], initContainers: [container('i')] } };
    const out = applyLimitRangeDefaults(p, [lr]);
    expect(out.spec!.containers[0]!.resources).toEqual({ limits: { cpu: '20m', memory: '1Gi' }, requests: { cpu: '10m', memory: '500Mi' } });
    expect(out.metadata!.annotations!['kubernetes.io/limit-ranger']).toBe('LimitRanger plugin set: memory request for container c; cpu, memory request for init container i; cpu, memory limit for init container i');
  });

  it('defaulting of the LimitRange itself: default from max, defaultRequest from default then min', () => {
    expect(range({ type: 'Container', max: { cpu: '2' }, min: { memory: '1Mi' } }).spec!.limits[0]).toEqual({ type: 'Container', max: { cpu: '2' }, min: { memory: '1Mi' }, default: { cpu: '2' }, defaultRequest: { cpu: '2', memory: '1Mi' } });
  });
});

describe('LimitRanger validation (TestPodLimitFunc)', () => {
  it.each<[string, LimitRangeItem, Pod, string[]]>([
    ['container min request', { type: 'Container', min: { cpu: '100m' } }, pod(container('c', { cpu: '50m' })), ['minimum cpu usage per Container is 100m, but request is 50m.']],
    ['container min, no request', { type: 'Container', min: { memory: '10Mi' } }, pod(container('c')), ['minimum memory usage per Container is 10Mi.  No request is specified.']],
    ['container max limit', { type: 'Container', max: { cpu: '1' } }, pod(container('c', {}, { cpu: '2' })), ['maximum cpu usage per Container is 1, but limit is 2.']],
    ['container max, no limit', { type: 'Container', max: { memory: '1Gi' } }, pod(container('c', { memory: '100Mi' })), ['maximum memory usage per Container is 1Gi.  No limit is specified.']],
    ['ratio', { type: 'Container', maxLimitRequestRatio: { cpu: '5' } }, pod(container('c', { cpu: '100m' }, { cpu: '1' })), ['cpu max limit to request ratio per Container is 5, but provided ratio is 10.000000.']],
    ['ratio without request', { type: 'Container', maxLimitRequestRatio: { cpu: '5' } }, pod(container('c', {}, { cpu: '1' })), ['cpu max limit to request ratio per Container is 5, but no request is specified or request is 0.']],
    ['pod max over the sum', { type: 'Pod', max: { cpu: '1' } }, pod(container('a', {}, { cpu: '600m' }), container('b', {}, { cpu: '600m' })), ['maximum cpu usage per Pod is 1, but limit is 1200m.']],
    ['within bounds', { type: 'Container', min: { cpu: '10m' }, max: { cpu: '1' } }, pod(container('c', { cpu: '100m' }, { cpu: '200m' })), []],
  ])('%s', (_, item, p, want) => {
    expect(podLimitErrors(p, [{ metadata: { name: 'lr' }, spec: { limits: [item] } }])).toEqual(want);
  });

  it('claims: min and max of the storage request (TestPersistentVolumeClaimLimitFunc)', () => {
    const lr: LimitRange = { metadata: { name: 'lr' }, spec: { limits: [{ type: 'PersistentVolumeClaim', min: { storage: '1Gi' }, max: { storage: '2Gi' } }] } };
    const claim = (storage: string) => ({ metadata: { name: 'c' }, spec: { resources: { requests: { storage } } } });
    expect(claimLimitErrors(claim('500Mi'), [lr])).toEqual(['minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi.']);
    expect(claimLimitErrors(claim('5Gi'), [lr])).toEqual(['maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 5Gi.']);
    expect(claimLimitErrors(claim('1Gi'), [lr])).toEqual([]);
  });

  it('admission: 403 with every violation, as an aggregate', () => {
    const lr: LimitRange = { metadata: { name: 'lr' }, spec: { limits: [{ type: 'Container', min: { cpu: '100m' }, max: { cpu: '1' } }] } };
    try {
      admitLimitRanges('pods', pod(container('c', { cpu: '50m' }, { cpu: '2' })) as KubeObject, [lr], 'p');
      throw new Error('admitted');
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).code).toBe(403);
      expect((e as ApiError).message).toBe('pods "p" is forbidden: [minimum cpu usage per Container is 100m, but request is 50m., maximum cpu usage per Container is 1, but limit is 2.]');
    }
  });
});
