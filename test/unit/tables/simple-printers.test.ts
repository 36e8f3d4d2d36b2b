import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/api/object';
import { tableColumns } from '../../../shared/tables';
import { DAY, MIN, ago, cells, headers } from './helpers';

const meta = (name: string, extra: object = {}) => ({ name, creationTimestamp: ago(4 * DAY), ...extra });

describe('single-line printers', () => {
  it.each<[string, string, string[]]>([
    ['', 'Namespace', ['NAME', 'STATUS', 'AGE']],
    ['', 'ConfigMap', ['NAME', 'DATA', 'AGE']],
    ['', 'Secret', ['NAME', 'TYPE', 'DATA', 'AGE']],
    ['', 'ServiceAccount', ['NAME', 'SECRETS', 'AGE']],
    ['', 'Endpoints', ['NAME', 'ENDPOINTS', 'AGE']],
    ['coordination.k8s.io', 'Lease', ['NAME', 'HOLDER', 'AGE']],
    ['policy', 'PodDisruptionBudget', ['NAME', 'MIN AVAILABLE', 'MAX UNAVAILABLE', 'ALLOWED DISRUPTIONS', 'AGE']],
    ['scheduling.k8s.io', 'PriorityClass', ['NAME', 'VALUE', 'GLOBAL-DEFAULT', 'AGE', 'PREEMPTIONPOLICY']],
    ['apiextensions.k8s.io', 'CustomResourceDefinition', ['NAME', 'CREATED AT']],
    ['rbac.authorization.k8s.io', 'ClusterRole', ['NAME', 'CREATED AT']],
  ])('%s %s headers', (group, kind, want) => {
    expect(headers(group, kind)).toEqual({ normal: want, wide: [] });
  });

  it.each<[string, string, KubeObject, unknown[]]>([
    ['', 'Namespace', { metadata: meta('kube-system'), status: { phase: 'Active' } }, ['kube-system', 'Active', '4d']],
    ['', 'Namespace', { metadata: meta('gone', { deletionTimestamp: ago(0) }), status: { phase: 'Terminating' } }, ['gone', 'Terminating', '4d']],
    ['', 'ConfigMap', { metadata: meta('kube-root-ca.crt'), data: { 'ca.crt': 'x' }, binaryData: { blob: 'AA==' } }, ['kube-root-ca.crt', 2, '4d']],
    ['', 'ConfigMap', { metadata: meta('empty') }, ['empty', 0, '4d']],
    ['', 'Secret', { metadata: meta('tls'), type: 'kubernetes.io/tls', data: { 'tls.crt': 'x', 'tls.key': 'y' } }, ['tls', 'kubernetes.io/tls', 2, '4d']],
    ['', 'Secret', { metadata: meta('plain'), stringData: { password: 'p' }, data: { password: 'cA==', user: 'dQ==' } }, ['plain', 'Opaque', 2, '4d']],
    ['', 'ServiceAccount', { metadata: meta('default') }, ['default', 0, '4d']],
    ['', 'ServiceAccount', { metadata: meta('legacy'), secrets: [{ name: 'legacy-token' }] }, ['legacy', 1, '4d']],
    ['coordination.k8s.io', 'Lease', { metadata: meta('worker-1'), spec: { holderIdentity: 'worker-1', leaseDurationSeconds: 40, renewTime: ago(MIN) } }, ['worker-1', 'worker-1', '4d']],
    ['coordination.k8s.io', 'Lease', { metadata: meta('free'), spec: {} }, ['free', '', '4d']],
    ['policy', 'PodDisruptionBudget', { metadata: meta('web'), spec: { minAvailable: 2 }, status: { disruptionsAllowed: 1 } }, ['web', '2', 'N/A', 1, '4d']],
    ['policy', 'PodDisruptionBudget', { metadata: meta('db'), spec: { maxUnavailable: '25%' }, status: {} }, ['db', 'N/A', '25%', 0, '4d']],
    ['scheduling.k8s.io', 'PriorityClass', { metadata: meta('system-cluster-critical'), value: 2000000000, preemptionPolicy: 'PreemptLowerPriority' }, ['system-cluster-critical', 2000000000, false, '4d', 'PreemptLowerPriority']],
    ['scheduling.k8s.io', 'PriorityClass', { metadata: meta('default-high'), value: 1000, globalDefault: true }, ['default-high', 1000, true, '4d', '']],
    ['apiextensions.k8s.io', 'CustomResourceDefinition', { metadata: { name: 'widgets.example.com', creationTimestamp: '2024-04-27T12:00:00Z' } }, ['widgets.example.com', '2024-04-27T12:00:00Z']],
    ['rbac.authorization.k8s.io', 'Role', { metadata: { name: 'reader', creationTimestamp: '2024-04-27T14:00:00+02:00' } }, ['reader', '2024-04-27T12:00:00Z']],
  ])('%s %s', (group, kind, obj, want) => {
    expect(cells(group, kind, obj)).toEqual(want);
  });

  it('default table types Created At as a date column', () => {
    expect(tableColumns('rbac.authorization.k8s.io', 'Role')[1]).toMatchObject({ name: 'Created At', type: 'date', format: '', priority: 0 });
  });

  it('treats "core" as the legacy group', () => {
    expect(tableColumns('core', 'Pod')).toEqual(tableColumns('', 'Pod'));
  });
});
