import { describe, expect, it } from 'vitest';
import { gcDecisions, type GraphObject } from '../../../shared/controllers';

const ref = (o: GraphObject, block = false) => ({ apiVersion: o.group ? `${o.group}/v1` : 'v1', kind: o.kind, name: o.name, uid: o.uid, ...(block ? { blockOwnerDeletion: true, controller: true } : {}) });
const deploy: GraphObject = { uid: 'd1', group: 'apps', kind: 'Deployment', namespace: 'ns', name: 'web' };
const rs: GraphObject = { uid: 'r1', group: 'apps', kind: 'ReplicaSet', namespace: 'ns', name: 'web-1', ownerReferences: [ref(deploy, true)] };
const pod: GraphObject = { uid: 'p1', group: '', kind: 'Pod', namespace: 'ns', name: 'web-1-a', ownerReferences: [ref(rs, true)] };
const now = 0;

describe('gcDecisions', () => {
  it('does nothing while owners exist', () => {
    expect(gcDecisions({ objects: [deploy, rs, pod], now })).toEqual([]);
  });

  it('deletes dependents whose owners are all gone (Background), with a uid precondition', () => {
    expect(gcDecisions({ objects: [rs, pod], now })).toEqual([
      { kind: 'delete', resource: { group: 'apps', plural: 'replicasets' }, namespace: 'ns', name: 'web-1', preconditions: { uid: 'r1' }, propagationPolicy: 'Background' },
    ]);
  });

  it('treats an owner re-created under the same name with another uid as gone', () => {
    const recreated = { ...deploy, uid: 'd2' };
    expect(gcDecisions({ objects: [recreated, rs, pod], now })).toEqual([expect.objectContaining({ kind: 'delete', name: 'web-1' })]);
  });

  it('removes only the dangling reference when another owner remains', () => {
    const other: GraphObject = { uid: 'o1', group: '', kind: 'ConfigMap', namespace: 'ns', name: 'cm' };
    const dep: GraphObject = { ...pod, resourceVersion: '5', ownerReferences: [ref(rs), ref(other)] };
    expect(gcDecisions({ objects: [other, dep], now })).toEqual([
      { kind: 'patch', resource: { group: '', plural: 'pods' }, namespace: 'ns', name: 'web-1-a', patchType: 'application/merge-patch+json', patch: { metadata: { uid: 'p1', resourceVersion: '5', ownerReferences: [ref(other)] } } },
    ]);
  });

  it('resolves cluster-scoped owners from namespaced dependents, but never a namespaced owner across namespaces', () => {
    const node: GraphObject = { uid: 'n1', group: '', kind: 'Node', namespace: '', name: 'node-1' };
    const lease: GraphObject = { uid: 'l1', group: 'coordination.k8s.io', kind: 'Lease', namespace: 'kube-node-lease', name: 'node-1', ownerReferences: [ref(node)] };
    expect(gcDecisions({ objects: [node, lease], now })).toEqual([]);
    const elsewhere = { ...deploy, namespace: 'other' };
    expect(gcDecisions({ objects: [elsewhere, rs], now })).toEqual([expect.objectContaining({ kind: 'delete', name: 'web-1' })]);
  });

  it('foreground: deletes dependents (foreground when they have dependents), keeps the finalizer while blockers remain', () => {
    const deleting = { ...deploy, deletionTimestamp: '2024-01-01T00:00:00Z', finalizers: ['foregroundDeletion'] };
    expect(gcDecisions({ objects: [deleting, rs, pod], now })).toEqual([
      { kind: 'delete', resource: { group: 'apps', plural: 'replicasets' }, namespace: 'ns', name: 'web-1', preconditions: { uid: 'r1' }, propagationPolicy: 'Foreground' },
    ]);
    const leaf = gcDecisions({ objects: [deleting, rs], now });
    expect(leaf).toEqual([expect.objectContaining({ kind: 'delete', name: 'web-1', propagationPolicy: 'Background' })]);
  });

  it('foreground: removes the finalizer once no blocking dependent remains', () => {
    const deleting = { ...deploy, resourceVersion: '9', deletionTimestamp: '2024-01-01T00:00:00Z', finalizers: ['foregroundDeletion', 'example.com/keep'] };
    const nonBlocking = { ...rs, ownerReferences: [ref(deploy)] };
    const actions = gcDecisions({ objects: [deleting, nonBlocking], now });
    expect(actions[0]).toEqual({
      kind: 'patch', resource: { group: 'apps', plural: 'deployments' }, namespace: 'ns', name: 'web', patchType: 'application/merge-patch+json',
      patch: { metadata: { uid: 'd1', resourceVersion: '9', finalizers: ['example.com/keep'] } },
    });
    expect(actions[1]).toEqual(expect.objectContaining({ kind: 'delete', name: 'web-1' }));
  });

  it('orphan: strips the references from dependents, then removes the finalizer', () => {
    const deleting = { ...deploy, deletionTimestamp: '2024-01-01T00:00:00Z', finalizers: ['orphan'] };
    expect(gcDecisions({ objects: [deleting, rs, pod], now })).toEqual([
      expect.objectContaining({ kind: 'patch', name: 'web-1', patch: { metadata: { uid: 'r1', resourceVersion: undefined, ownerReferences: [] } } }),
      expect.objectContaining({ kind: 'patch', name: 'web', patch: { metadata: { uid: 'd1', resourceVersion: undefined, finalizers: [] } } }),
    ]);
  });

  it('leaves objects already being deleted alone', () => {
    expect(gcDecisions({ objects: [{ ...rs, deletionTimestamp: 'x' }, pod], now })).toEqual([]);
  });
});
