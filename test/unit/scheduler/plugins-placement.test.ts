import { describe } from 'vitest';
import type { NodeSelectorTerm, Pod, PodSpec, PreferredSchedulingTerm } from 'kubernetes-types/core/v1';
import { nodeAffinity, nodeName, nodePorts, nodeUnschedulable, taintToleration, volumeBinding, volumeZone } from '../../../shared/scheduler';
import { node, pod } from './fixtures';
import { pluginSuite } from './plugin-suite';

const prefer = (effect: 'PreferNoSchedule' | 'NoSchedule', key: string, value = '') => ({ key, value, effect });

describe('TaintToleration', () => {
  pluginSuite([
    {
      name: 'untolerated PreferNoSchedule counts 0/1/2 → 100/50/0',
      plugin: taintToleration(),
      nodes: [
        node('a'),
        node('b', '4', '8Gi', { taints: [prefer('PreferNoSchedule', 'x')] }),
        node('c', '4', '8Gi', { taints: [prefer('PreferNoSchedule', 'x'), prefer('PreferNoSchedule', 'y')] }),
      ],
      pod: pod('p'),
      raw: { a: 0, b: 1, c: 2 },
      normalized: { a: 100, b: 50, c: 0 },
    },
    {
      name: 'tolerated PreferNoSchedule (Exists, no effect) is not counted',
      plugin: taintToleration(),
      nodes: [node('a', '4', '8Gi', { taints: [prefer('PreferNoSchedule', 'x')] })],
      pod: pod('p', {}, { spec: { tolerations: [{ key: 'x', operator: 'Exists' }] } }),
      raw: { a: 0 },
      normalized: { a: 100 },
    },
    {
      name: 'NoSchedule and NoExecute reject with the taint in the message; Equal needs the value',
      plugin: taintToleration(),
      nodes: [
        node('cp', '4', '8Gi', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }),
        node('gpu', '4', '8Gi', { taints: [{ key: 'gpu', value: 'true', effect: 'NoExecute' }] }),
        node('ok', '4', '8Gi', { taints: [{ key: 'dedicated', value: 'web', effect: 'NoSchedule' }] }),
      ],
      pod: pod('p', {}, { spec: { tolerations: [{ key: 'gpu', operator: 'Equal', value: 'false' }, { key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }] } }),
      filter: {
        cp: 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }',
        gpu: 'node(s) had untolerated taint {gpu: true}',
        ok: null,
      },
    },
    {
      name: 'an empty-key Exists toleration tolerates everything',
      plugin: taintToleration(),
      nodes: [node('cp', '4', '8Gi', { taints: [{ key: 'a', effect: 'NoSchedule' }, { key: 'b', effect: 'NoExecute' }] })],
      pod: pod('p', {}, { spec: { tolerations: [{ operator: 'Exists' }] } }),
      filter: { cp: null },
    },
  ]);
});

describe('NodeAffinity', () => {
  const nodes = [node('a', '4', '8Gi', { labels: { foo: 'bar', cpus: '8' } }), node('b', '4', '8Gi', { labels: { foo: 'bar', key: 'value', cpus: '2' } }), node('c', '4', '8Gi', { labels: { cpus: 'many' } })];
  const affinity = (required: NodeSelectorTerm[] | undefined, preferred: PreferredSchedulingTerm[] | undefined): { spec: Partial<PodSpec> } => ({
    spec: {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: required ? { nodeSelectorTerms: required } : undefined,
          preferredDuringSchedulingIgnoredDuringExecution: preferred,
        },
      },
    },
  });
  const reason = "node(s) didn't match Pod's node affinity/selector";
  pluginSuite([
    {
      name: 'nodeSelector',
      plugin: nodeAffinity(),
      nodes,
      pod: pod('p', {}, { spec: { nodeSelector: { key: 'value' } } }),
      filter: { a: reason, b: null, c: reason },
    },
    {
      name: 'Gt/Lt compare integers; a non-integer label never matches',
      plugin: nodeAffinity(),
      nodes,
      pod: pod('p', {}, affinity([{ matchExpressions: [{ key: 'cpus', operator: 'Gt', values: ['4'] }] }], undefined)),
      filter: { a: null, b: reason, c: reason },
    },
    {
      name: 'terms are ORed, expressions ANDed; NotIn and DoesNotExist match absent labels',
      plugin: nodeAffinity(),
      nodes,
      pod: pod('p', {}, affinity([{ matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar'] }, { key: 'key', operator: 'DoesNotExist' }] }, { matchExpressions: [{ key: 'foo', operator: 'NotIn', values: ['bar'] }] }], undefined)),
      filter: { a: null, b: reason, c: null },
    },
    {
      name: 'matchFields metadata.name',
      plugin: nodeAffinity(),
      nodes,
      pod: pod('p', {}, affinity([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['c'] }] }], undefined)),
      filter: { a: reason, b: reason, c: null },
    },
    {
      name: 'preferred weights 2 and 4: raw 2/6/0 → 33/100/0',
      plugin: nodeAffinity(),
      nodes,
      pod: pod('p', {}, affinity(undefined, [
        { weight: 2, preference: { matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar'] }] } },
        { weight: 4, preference: { matchExpressions: [{ key: 'key', operator: 'Exists' }] } },
      ])),
      raw: { a: 2, b: 6, c: 0 },
      normalized: { a: 33, b: 100, c: 0 },
    },
  ]);
});

describe('NodeName, NodeUnschedulable, NodePorts', () => {
  const port = (hostPort: number, protocol = 'TCP', hostIP?: string) => ({
    spec: { containers: [{ name: 'c', ports: [{ containerPort: 80, hostPort, protocol, hostIP }] }] },
  });
  pluginSuite([
    {
      name: 'NodeName',
      plugin: nodeName(),
      nodes: [node('a'), node('b')],
      pod: pod('p', {}, { node: 'b' }),
      filter: { a: "node(s) didn't match the requested node name", b: null },
    },
    {
      name: 'NodeUnschedulable: cordoned rejects unless tolerated',
      plugin: nodeUnschedulable(),
      nodes: [node('a', '4', '8Gi', { unschedulable: true }), node('b')],
      pod: pod('p'),
      filter: { a: 'node(s) were unschedulable', b: null },
    },
    {
      name: 'NodeUnschedulable: tolerating node.kubernetes.io/unschedulable',
      plugin: nodeUnschedulable(),
      nodes: [node('a', '4', '8Gi', { unschedulable: true })],
      pod: pod('p', {}, { spec: { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] } }),
      filter: { a: null },
    },
    {
      name: 'NodePorts: same port/protocol conflicts (0.0.0.0 vs specific IP too), other protocol does not',
      plugin: nodePorts(),
      nodes: [node('a'), node('b'), node('c')],
      pods: [
        ['e1', 'a', 'TCP', undefined],
        ['e2', 'b', 'UDP', undefined],
        ['e3', 'c', 'TCP', '127.0.0.1'],
      ].map(([name, n, protocol, ip]): Pod => ({ ...pod(name!, {}, { node: n }), spec: { nodeName: n, ...port(8080, protocol, ip).spec } })),
      pod: { ...pod('p'), ...port(8080) },
      filter: { a: "node(s) didn't have free ports for the requested pod ports", b: null, c: "node(s) didn't have free ports for the requested pod ports" },
    },
  ]);
});

describe('VolumeBinding, VolumeZone', () => {
  const pvcPod = (claim: string) => pod('p', {}, { spec: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: claim } }, { name: 'tmp', emptyDir: {} }] } });
  const cluster = {
    persistentVolumeClaims: [
      { metadata: { name: 'unbound', namespace: 'default' }, spec: {} },
      { metadata: { name: 'bound', namespace: 'default' }, spec: { volumeName: 'pv-a' } },
    ],
    persistentVolumes: [
      {
        metadata: { name: 'pv-a', labels: { 'topology.kubernetes.io/zone': 'z1' } },
        spec: { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['z1'] }] }] } } },
      },
    ],
  };
  const nodes = [node('a', '4', '8Gi', { labels: { 'topology.kubernetes.io/zone': 'z1' } }), node('b', '4', '8Gi', { labels: { 'topology.kubernetes.io/zone': 'z2' } })];
  pluginSuite([
    { name: 'emptyDir only: nothing to check', plugin: volumeBinding(), nodes, pod: pod('p', {}, { spec: { volumes: [{ name: 'tmp', emptyDir: {} }] } }), filter: { a: null, b: null } },
    { name: 'unbound immediate PVC', plugin: volumeBinding(), nodes, cluster, pod: pvcPod('unbound'), preFilter: 'pod has unbound immediate PersistentVolumeClaims' },
    { name: 'missing PVC', plugin: volumeBinding(), nodes, cluster, pod: pvcPod('nope'), preFilter: 'persistentvolumeclaim "nope" not found' },
    { name: 'bound PV node affinity', plugin: volumeBinding(), nodes, cluster, pod: pvcPod('bound'), filter: { a: null, b: 'node(s) had volume node affinity conflict' } },
    { name: 'VolumeZone', plugin: volumeZone(), nodes, cluster, pod: pvcPod('bound'), filter: { a: null, b: 'node(s) had no available volume zone' } },
  ]);
});
