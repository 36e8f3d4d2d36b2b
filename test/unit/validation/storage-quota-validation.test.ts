// Rows after upstream's pkg/apis/core/validation tests (TestValidatePersistentVolumes, TestValidateResourceQuota,
// TestValidateLimitRange) and pkg/apis/storage/validation (TestValidateStorageClass).
import { describe, expect, it } from 'vitest';
import { validateCreate, validateUpdate } from '../../../shared/validation';

const msgs = (group: string, kind: string, o: unknown) => validateCreate(group, kind, o).map((c) => `${c.field}: ${c.message}`);

describe('storage and quota validation', () => {
  const pv = (spec: Record<string, unknown>) => ({ metadata: { name: 'pv' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/x' }, persistentVolumeReclaimPolicy: 'Retain', ...spec } });
  it.each<[string, Record<string, unknown>, string[]]>([
    ['good volume', {}, []],
    ['missing accessModes', { accessModes: [] }, ['spec.accessModes: Required value']],
    ['unsupported accessMode', { accessModes: ['fakemode'] }, ['spec.accessModes: Unsupported value: "fakemode": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"']],
    ['no volume type', { hostPath: undefined }, ['spec: Required value: must specify a volume type']],
    ['two volume types', { nfs: { server: 's', path: '/p' } }, ['spec.nfs: Forbidden: may not specify more than 1 volume type']],
    ['bad reclaim policy', { persistentVolumeReclaimPolicy: 'fakeReclaimPolicy' }, ['spec.persistentVolumeReclaimPolicy: Unsupported value: "fakeReclaimPolicy": supported values: "Delete", "Recycle", "Retain"']],
  ])('PersistentVolume: %s', (_, spec, want) => {
    expect(msgs('', 'PersistentVolume', pv(spec))).toEqual(want);
  });

  it('StorageClass: provisioner required, binding mode known, immutable fields', () => {
    expect(msgs('storage.k8s.io', 'StorageClass', { metadata: { name: 'sc' }, reclaimPolicy: 'Delete', volumeBindingMode: 'Sometime' })).toEqual([
      'provisioner: Required value',
      'volumeBindingMode: Unsupported value: "Sometime": supported values: "Immediate", "WaitForFirstConsumer"',
    ]);
    const old = { metadata: { name: 'sc', resourceVersion: '1' }, provisioner: 'a', reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' };
    expect(validateUpdate('storage.k8s.io', 'StorageClass', { ...old, provisioner: 'b' }, old).map((c) => `${c.field}: ${c.message}`)).toEqual(['provisioner: Forbidden: updates to provisioner are forbidden.']);
  });

  it('ResourceQuota: non-negative, whole counts, scopes only over pod resources', () => {
    const q = (spec: Record<string, unknown>) => ({ metadata: { name: 'q', namespace: 'ns' }, spec });
    expect(msgs('', 'ResourceQuota', q({ hard: { pods: '2', 'requests.cpu': '500m' } }))).toEqual([]);
    expect(msgs('', 'ResourceQuota', q({ hard: { cpu: '-1' } }))).toEqual(['spec.hard[cpu]: Invalid value: "-1": must be greater than or equal to 0']);
    expect(msgs('', 'ResourceQuota', q({ hard: { pods: '1.5' } }))).toEqual(['spec.hard[pods]: Invalid value: "1.5": must be an integer']);
    expect(msgs('', 'ResourceQuota', q({ hard: { configmaps: '1' }, scopes: ['BestEffort'] }))).toEqual(['spec.hard: Invalid value: "configmaps": unsupported scope applied to resource']);
  });

  it('LimitRange: min ≤ default request ≤ default ≤ max, no defaults on Pod items', () => {
    const lr = (item: Record<string, unknown>) => ({ metadata: { name: 'l', namespace: 'ns' }, spec: { limits: [item] } });
    expect(msgs('', 'LimitRange', lr({ type: 'Container', min: { cpu: '2' }, max: { cpu: '1' }, default: { cpu: '1' }, defaultRequest: { cpu: '1' } }))).toEqual([
      'spec.limits[0].min[cpu]: Invalid value: "2": min value 2 is greater than max value 1',
      'spec.limits[0].defaultRequest[cpu]: Invalid value: "1": min value 2 is greater than default request value 1',
      'spec.limits[0].default[cpu]: Invalid value: "1": min value 2 is greater than default value 1',
    ]);
    expect(msgs('', 'LimitRange', lr({ type: 'Pod', default: { cpu: '1' } }))).toEqual(["spec.limits[0].default: Forbidden: may not be specified when `type` is 'Pod'"]);
    expect(msgs('', 'LimitRange', lr({ type: 'Node' }))).toEqual(['spec.limits[0].type: Unsupported value: "Node": supported values: "Container", "PersistentVolumeClaim", "Pod"']);
  });
});
