// Rows as upstream's printers_test.go prints PersistentVolumes (TestPrintPersistentVolume), StorageClasses
// (TestPrintStorageClass) and ResourceQuotas (TestPrintResourceQuota).
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/api/object';
import { DAY, ago, cells, headers } from './helpers';

const meta = (name: string, extra: object = {}) => ({ name, creationTimestamp: ago(3 * DAY), ...extra });

describe('storage printers', () => {
  it('headers', () => {
    expect(headers('', 'PersistentVolume')).toEqual({
      normal: ['NAME', 'CAPACITY', 'ACCESS MODES', 'RECLAIM POLICY', 'STATUS', 'CLAIM', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'REASON', 'AGE'],
      wide: ['VOLUMEMODE'],
    });
    expect(headers('storage.k8s.io', 'StorageClass')).toEqual({ normal: ['NAME', 'PROVISIONER', 'RECLAIMPOLICY', 'VOLUMEBINDINGMODE', 'ALLOWVOLUMEEXPANSION', 'AGE'], wide: [] });
    expect(headers('', 'ResourceQuota')).toEqual({ normal: ['NAME', 'AGE', 'REQUEST', 'LIMIT'], wide: [] });
    expect(headers('', 'LimitRange')).toEqual({ normal: ['NAME', 'CREATED AT'], wide: [] });
  });

  it.each<[string, KubeObject, unknown[]]>([
    [
      'bound, claim as namespace/name',
      { metadata: meta('test1'), spec: { claimRef: { name: 'test', namespace: 'default' }, accessModes: ['ReadOnlyMany'], capacity: { storage: '4Gi' }, persistentVolumeReclaimPolicy: 'Retain', storageClassName: 'slow', volumeMode: 'Filesystem' }, status: { phase: 'Bound' } },
      ['test1', '4Gi', 'ROX', 'Retain', 'Bound', 'default/test', 'slow', '<unset>', '', '3d', 'Filesystem'],
    ],
    [
      'failed with a reason, no claim',
      { metadata: meta('test2'), spec: { accessModes: ['ReadOnlyMany'], capacity: { storage: '4Gi' }, persistentVolumeReclaimPolicy: 'Delete' }, status: { phase: 'Failed', reason: 'failed' } },
      ['test2', '4Gi', 'ROX', 'Delete', 'Failed', '', '', '<unset>', 'failed', '3d', '<unset>'],
    ],
    [
      'terminating, every mode in upstream order, a volume attributes class',
      { metadata: meta('test3', { deletionTimestamp: ago(0) }), spec: { accessModes: ['ReadWriteOncePod', 'ReadWriteMany', 'ReadWriteOnce'], capacity: { storage: '10Gi' }, volumeAttributesClassName: 'gold' }, status: { phase: 'Released' } },
      ['test3', '10Gi', 'RWO,RWX,RWOP', '', 'Terminating', '', '', 'gold', '', '3d', '<unset>'],
    ],
  ])('PersistentVolume: %s', (_, pv, want) => {
    expect(cells('', 'PersistentVolume', pv)).toEqual(want);
  });

  it.each<[string, KubeObject, unknown[]]>([
    ['the default class', { metadata: meta('standard', { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }), provisioner: 'kubernetes.io/gce-pd', reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer', allowVolumeExpansion: true }, ['standard (default)', 'kubernetes.io/gce-pd', 'Retain', 'WaitForFirstConsumer', true, '3d']],
    ['unset fields print their defaults', { metadata: meta('sc2', { annotations: { 'storageclass.kubernetes.io/is-default-class': 'false' } }), provisioner: 'kubernetes.io/aws-ebs' }, ['sc2', 'kubernetes.io/aws-ebs', 'Delete', 'Immediate', false, '3d']],
    ['the beta default annotation', { metadata: meta('old', { annotations: { 'storageclass.beta.kubernetes.io/is-default-class': 'true' } }), provisioner: 'p' }, ['old (default)', 'p', 'Delete', 'Immediate', false, '3d']],
  ])('StorageClass: %s', (_, sc, want) => {
    expect(cells('storage.k8s.io', 'StorageClass', sc)).toEqual(want);
  });

  it('ResourceQuota: requests and counts under REQUEST, limits.* under LIMIT, each in name order', () => {
    const q = {
      metadata: meta('test-resourcequota'),
      status: {
        hard: { cpu: '1', memory: '1Gi', pods: '10', 'limits.cpu': '2', 'limits.memory': '2Gi', 'requests.storage': '10Gi' },
        used: { cpu: '0', memory: '0', pods: '1', 'limits.cpu': '500m', 'requests.storage': '1Gi' },
      },
    };
    expect(cells('', 'ResourceQuota', q)).toEqual(['test-resourcequota', '3d', 'cpu: 0/1, memory: 0/1Gi, pods: 1/10, requests.storage: 1Gi/10Gi', 'limits.cpu: 500m/2, limits.memory: 0/2Gi']);
  });
});
