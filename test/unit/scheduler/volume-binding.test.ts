// VolumeBinding under WaitForFirstConsumer, rows after upstream's volume_binding_test.go and binder_test.go
// (FindPodVolumes / BindPodVolumes): static volumes by node affinity, dynamic provisioning by class and
// allowedTopologies, and the plan that binds the pod's claims before the pod.
import { describe, expect, it } from 'vitest';
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { buildSnapshot, volumeBinding, volumeBindingPlan } from '../../../shared/scheduler';
import { node, pod } from './fixtures';
import { pluginSuite } from './plugin-suite';

const claim = (name: string, cls: string, extra: Partial<PersistentVolumeClaim['spec']> = {}, annotations?: Record<string, string>): PersistentVolumeClaim => ({
  metadata: { name, namespace: 'default', uid: `uid-${name}`, ...(annotations ? { annotations } : {}) },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: cls, volumeMode: 'Filesystem', ...extra },
});
const onNode = (n: string) => ({ required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [n] }] }] } });
const volume = (name: string, cls: string, size: string, nodeName?: string, extra: Partial<PersistentVolume['spec']> = {}): PersistentVolume => ({
  metadata: { name, uid: `uid-${name}`, resourceVersion: '5' },
  spec: { capacity: { storage: size }, accessModes: ['ReadWriteOnce'], storageClassName: cls, volumeMode: 'Filesystem', local: { path: '/mnt' }, ...(nodeName ? { nodeAffinity: onNode(nodeName) } : {}), ...extra },
  status: { phase: 'Available' },
});
const wffc = (name: string, provisioner: string, extra: Partial<StorageClass> = {}): StorageClass => ({ metadata: { name }, provisioner, volumeBindingMode: 'WaitForFirstConsumer', ...extra });
const classes = [
  wffc('wait', 'kubernetes.io/no-provisioner'),
  wffc('wait-provisioned', 'kubeflare.dev/simulated'),
  wffc('topology', 'kubeflare.dev/simulated', { allowedTopologies: [{ matchLabelExpressions: [{ key: 'kubernetes.io/hostname', values: ['b'] }] }] }),
];
const podUsing = (...claims: string[]) => pod('p', {}, { spec: { volumes: claims.map((c, i) => ({ name: `v${i}`, persistentVolumeClaim: { claimName: c } })) } });
const nodes = [node('a'), node('b')];

describe('VolumeBinding with WaitForFirstConsumer', () => {
  const cluster = (pvcs: PersistentVolumeClaim[], pvs: PersistentVolume[] = []) => ({ persistentVolumeClaims: pvcs, persistentVolumes: pvs, storageClasses: classes });
  pluginSuite([
    { name: 'unbound claim, a matching volume on one node', plugin: volumeBinding(), nodes, cluster: cluster([claim('c', 'wait')], [volume('pv-a', 'wait', '1Gi', 'a')]), pod: podUsing('c'), filter: { a: null, b: "node(s) didn't find available persistent volumes to bind" } },
    { name: 'unbound claim, no volume, no provisioner', plugin: volumeBinding(), nodes, cluster: cluster([claim('c', 'wait')]), pod: podUsing('c'), filter: { a: "node(s) didn't find available persistent volumes to bind", b: "node(s) didn't find available persistent volumes to bind" } },
    { name: 'unbound claim, a too small volume, no provisioner', plugin: volumeBinding(), nodes, cluster: cluster([claim('c', 'wait')], [volume('pv-a', 'wait', '500Mi', 'a')]), pod: podUsing('c'), filter: { a: "node(s) didn't find available persistent volumes to bind" } },
    { name: 'unbound claim, provisioned anywhere', plugin: volumeBinding(), nodes, cluster: cluster([claim('c', 'wait-provisioned')]), pod: podUsing('c'), filter: { a: null, b: null } },
    { name: 'provisioning restricted by allowedTopologies', plugin: volumeBinding(), nodes, cluster: cluster([claim('c', 'topology')]), pod: podUsing('c'), filter: { a: "node(s) didn't find available persistent volumes to bind", b: null } },
    { name: 'two claims, one volume: the second finds none', plugin: volumeBinding(), nodes, cluster: cluster([claim('c1', 'wait'), claim('c2', 'wait')], [volume('pv-a', 'wait', '1Gi', 'a')]), pod: podUsing('c1', 'c2'), filter: { a: "node(s) didn't find available persistent volumes to bind" } },
    { name: 'a bound claim: its volume node affinity', plugin: volumeBinding(), nodes, cluster: cluster([claim('c', 'wait', { volumeName: 'pv-b' })], [volume('pv-b', 'wait', '1Gi', 'b')]), pod: podUsing('c'), filter: { a: 'node(s) had volume node affinity conflict', b: null } },
  ]);
});

describe('volumeBindingPlan (BindPodVolumes)', () => {
  const snapshot = (pvcs: PersistentVolumeClaim[], pvs: PersistentVolume[] = []) => buildSnapshot({ nodes, pods: [], persistentVolumeClaims: pvcs, persistentVolumes: pvs, storageClasses: classes });

  it('marks a claim to provision with the chosen node, and the pod waits', () => {
    const plan = volumeBindingPlan(podUsing('c'), snapshot([claim('c', 'wait-provisioned')]), 'b');
    expect(plan.provision.map((c) => c.metadata?.name)).toEqual(['c']);
    expect(plan.bind).toEqual([]);
    expect(plan.waiting).toBe(true);
  });

  it('pre-binds the smallest static volume the node may use', () => {
    const plan = volumeBindingPlan(podUsing('c'), snapshot([claim('c', 'wait')], [volume('big', 'wait', '10Gi', 'a'), volume('small', 'wait', '2Gi', 'a'), volume('elsewhere', 'wait', '1Gi', 'b')]), 'a');
    expect(plan.bind.map((b) => [b.volume.metadata?.name, b.claim.metadata?.name])).toEqual([['small', 'c']]);
    expect(plan.waiting).toBe(true);
  });

  it('a claim already marked for this node is not marked again, but the pod still waits for it', () => {
    const plan = volumeBindingPlan(podUsing('c'), snapshot([claim('c', 'wait-provisioned', {}, { 'volume.kubernetes.io/selected-node': 'a' })]), 'a');
    expect(plan).toEqual({ provision: [], bind: [], waiting: true });
  });

  it('bound claims: nothing to do, the pod is bound', () => {
    const plan = volumeBindingPlan(podUsing('c'), snapshot([claim('c', 'wait', { volumeName: 'pv-a' })], [volume('pv-a', 'wait', '1Gi', 'a')]), 'a');
    expect(plan).toEqual({ provision: [], bind: [], waiting: false });
  });
});
