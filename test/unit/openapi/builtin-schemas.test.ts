import { describe, expect, it } from 'vitest';
import { builtinSchemas, builtinScalars, builtinTypes } from '../../../shared/openapi';

const t = (name: string) => {
  const type = builtinSchemas.type(name);
  if (!type) throw new Error(`missing ${name}`);
  return type;
};
const core = (n: string) => `io.k8s.api.core.v1.${n}`;
const meta = (n: string) => `io.k8s.apimachinery.pkg.apis.meta.v1.${n}`;

describe('generated built-in schemas', () => {
  it('Pod.spec.containers is a required list of Container', () => {
    const podSpec = t(core('PodSpec'));
    expect(podSpec.fields.containers).toMatchObject({ kind: 'array', items: { kind: 'object', ref: core('Container') } });
    expect(podSpec.required).toEqual(['containers']);
    expect(t(core('Pod')).fields.spec).toMatchObject({ kind: 'object', ref: core('PodSpec') });
    expect(podSpec.fields.containers!.description).toMatch(/^List of containers belonging to the pod/);
  });

  it.each([
    ['apps', 'v1', 'Deployment', 'io.k8s.api.apps.v1.Deployment'],
    ['', 'v1', 'Pod', core('Pod')],
    ['', 'v1', 'Status', meta('Status')],
    ['autoscaling', 'v1', 'Scale', 'io.k8s.api.autoscaling.v1.Scale'],
    ['autoscaling', 'v2', 'HorizontalPodAutoscaler', 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler'],
    ['events.k8s.io', 'v1', 'Event', 'io.k8s.api.events.v1.Event'],
    ['apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition'],
    ['flowcontrol.apiserver.k8s.io', 'v1', 'FlowSchema', 'io.k8s.api.flowcontrol.v1.FlowSchema'],
    ['rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'io.k8s.api.rbac.v1.ClusterRoleBinding'],
    ['networking.k8s.io', 'v1', 'NetworkPolicy', 'io.k8s.api.networking.v1.NetworkPolicy'],
    ['policy', 'v1', 'Eviction', 'io.k8s.api.policy.v1.Eviction'],
    ['coordination.k8s.io', 'v1', 'Lease', 'io.k8s.api.coordination.v1.Lease'],
    ['apps', 'v1', 'DeploymentList', 'io.k8s.api.apps.v1.DeploymentList'],
  ])('rootType(%j, %j, %j) is %s with that gvk', (group, version, kind, name) => {
    expect(builtinSchemas.rootType(group, version, kind)).toBe(name);
    expect(t(name).gvk).toEqual({ group, version, kind });
  });

  it.each([
    [core('ResourceRequirements'), 'limits', { kind: 'map', values: { kind: 'quantity' } }],
    ['io.k8s.api.apps.v1.RollingUpdateDeployment', 'maxSurge', { kind: 'int-or-string' }],
    [core('ServicePort'), 'targetPort', { kind: 'int-or-string' }],
    [meta('ObjectMeta'), 'creationTimestamp', { kind: 'time' }],
    ['io.k8s.api.coordination.v1.LeaseSpec', 'renewTime', { kind: 'time' }],
    ['io.k8s.api.apps.v1.ControllerRevision', 'data', { kind: 'any' }],
    [meta('ManagedFieldsEntry'), 'fieldsV1', { kind: 'any' }],
    ['io.k8s.api.apps.v1.DeploymentSpec', 'replicas', { kind: 'integer' }],
    ['io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps', 'maximum', { kind: 'number' }],
    ['io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps', 'x-kubernetes-preserve-unknown-fields', { kind: 'boolean' }],
    ['io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps', 'items', { kind: 'any' }],
    [core('Secret'), 'data', { kind: 'map', values: { kind: 'string' } }],
  ])('%s.%s is %j', (type, field, expected) => {
    expect(t(type).fields[field]).toMatchObject(expected);
  });

  it('describes the scalar definitions upstream names', () => {
    expect(Object.keys(builtinScalars)).toEqual(
      expect.arrayContaining([
        'io.k8s.apimachinery.pkg.api.resource.Quantity',
        'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
        meta('Time'),
        meta('MicroTime'),
        'io.k8s.apimachinery.pkg.runtime.RawExtension',
      ]),
    );
  });

  it('every object reference resolves to a generated type', () => {
    const dangling: string[] = [];
    const visit = (owner: string, f: { kind: string; ref?: string; items?: any; values?: any }) => {
      if (f.kind === 'object' && !builtinSchemas.type(f.ref!)) dangling.push(`${owner} → ${f.ref}`);
      if (f.items) visit(owner, f.items);
      if (f.values) visit(owner, f.values);
    };
    for (const type of Object.values(builtinTypes)) for (const f of Object.values(type.fields)) visit(type.name, f);
    expect(dangling).toEqual([]);
  });
});

describe('patch metadata overlay (upstream struct tags)', () => {
  it.each([
    [core('PodSpec'), 'containers', { patchMergeKey: 'name', patchStrategy: 'merge', listType: 'map', listMapKeys: ['name'] }],
    [core('PodSpec'), 'initContainers', { patchMergeKey: 'name', patchStrategy: 'merge' }],
    [core('PodSpec'), 'ephemeralContainers', { patchMergeKey: 'name', patchStrategy: 'merge' }],
    [core('PodSpec'), 'volumes', { patchMergeKey: 'name', patchStrategy: 'merge,retainKeys', listType: 'map' }],
    [core('PodSpec'), 'imagePullSecrets', { patchMergeKey: 'name', patchStrategy: 'merge' }],
    [core('PodSpec'), 'hostAliases', { patchMergeKey: 'ip', patchStrategy: 'merge' }],
    [core('PodSpec'), 'tolerations', { listType: 'atomic' }],
    [core('PodSpec'), 'nodeSelector', { mapType: 'atomic' }],
    [core('Container'), 'env', { patchMergeKey: 'name', patchStrategy: 'merge', listType: 'map', listMapKeys: ['name'] }],
    [core('Container'), 'envFrom', { listType: 'atomic' }],
    [core('Container'), 'ports', { patchMergeKey: 'containerPort', listType: 'map', listMapKeys: ['containerPort', 'protocol'] }],
    [core('Container'), 'volumeMounts', { patchMergeKey: 'mountPath', patchStrategy: 'merge' }],
    [core('Container'), 'volumeDevices', { patchMergeKey: 'devicePath', patchStrategy: 'merge' }],
    [core('Container'), 'resizePolicy', { listType: 'atomic' }],
    [core('EphemeralContainer'), 'env', { patchMergeKey: 'name' }],
    [meta('ObjectMeta'), 'finalizers', { patchStrategy: 'merge', listType: 'set' }],
    [meta('ObjectMeta'), 'ownerReferences', { patchMergeKey: 'uid', patchStrategy: 'merge', listMapKeys: ['uid'] }],
    [meta('ObjectMeta'), 'managedFields', { listType: 'atomic' }],
    [meta('LabelSelector'), 'matchExpressions', { listType: 'atomic' }],
    [core('ServiceSpec'), 'ports', { patchMergeKey: 'port', patchStrategy: 'merge', listMapKeys: ['port', 'protocol'] }],
    [core('NodeSpec'), 'podCIDRs', { patchStrategy: 'merge', listType: 'set' }],
    [core('NodeStatus'), 'addresses', { patchMergeKey: 'type', patchStrategy: 'merge' }],
    [core('NodeStatus'), 'conditions', { patchMergeKey: 'type', patchStrategy: 'merge', listType: 'map' }],
    [core('NodeStatus'), 'images', { listType: 'atomic' }],
    [core('PodStatus'), 'conditions', { patchMergeKey: 'type', patchStrategy: 'merge' }],
    [core('PodStatus'), 'containerStatuses', { listType: 'atomic' }],
    [core('Endpoints'), 'subsets', { listType: 'atomic' }],
    ['io.k8s.api.apps.v1.DeploymentStatus', 'conditions', { patchMergeKey: 'type', patchStrategy: 'merge', listMapKeys: ['type'] }],
    ['io.k8s.api.apps.v1.StatefulSetStatus', 'conditions', { patchMergeKey: 'type' }],
    ['io.k8s.api.apps.v1.DaemonSetStatus', 'conditions', { patchMergeKey: 'type' }],
    ['io.k8s.api.apps.v1.ReplicaSetStatus', 'conditions', { patchMergeKey: 'type' }],
    ['io.k8s.api.apps.v1.DeploymentSpec', 'strategy', { patchStrategy: 'retainKeys' }],
    ['io.k8s.api.batch.v1.JobStatus', 'conditions', { patchMergeKey: 'type', listType: 'atomic' }],
    ['io.k8s.api.apps.v1.DeploymentSpec', 'selector', { mapType: 'atomic' }],
  ])('%s.%s carries %j', (type, field, expected) => {
    expect(t(type).fields[field]).toMatchObject(expected);
  });

  it('leaves NodeSpec.taints without a patch strategy, as upstream does', () => {
    expect(t(core('NodeSpec')).fields.taints!.patchStrategy).toBeUndefined();
  });
});
