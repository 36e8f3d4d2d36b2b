import type { FieldSchema, SchemaSource, TypeSchema } from '../../../shared/api/schema-types';

/** A SchemaSource over a hand-written table of types. */
export function schemaSource(types: TypeSchema[]): SchemaSource {
  const byName = new Map(types.map((t) => [t.name, t]));
  return {
    type: (name) => byName.get(name),
    rootType: (group, version, kind) =>
      types.find((t) => t.gvk?.group === group && t.gvk.version === version && t.gvk.kind === kind)?.name,
  };
}

const str: FieldSchema = { kind: 'string' };
const int: FieldSchema = { kind: 'integer' };
const obj = (ref: string, extra: Partial<FieldSchema> = {}): FieldSchema => ({ kind: 'object', ref, ...extra });
const list = (items: FieldSchema, extra: Partial<FieldSchema> = {}): FieldSchema => ({ kind: 'array', items, ...extra });

/** Upstream strategicpatch's test type `MergeItem` (patch_test.go), as a schema. */
export const mergeItemSchemas = schemaSource([
  {
    name: 'mergeItem',
    fields: {
      name: str,
      value: str,
      other: str,
      mergingList: list(obj('mergeItem'), { patchStrategy: 'merge', patchMergeKey: 'name' }),
      nonMergingList: list(obj('mergeItem')),
      mergingIntList: list(int, { patchStrategy: 'merge' }),
      nonMergingIntList: list(int),
      mergeItemPtr: list(obj('mergeItem'), { patchStrategy: 'merge', patchMergeKey: 'name' }),
      simpleMap: { kind: 'map', values: str },
      replacingItem: { kind: 'any', patchStrategy: 'replace' },
      retainKeysMap: obj('retainKeysMergeItem', { patchStrategy: 'retainKeys' }),
      retainKeysMergingList: list(obj('mergeItem'), { patchStrategy: 'merge,retainKeys', patchMergeKey: 'name' }),
    },
  },
  {
    name: 'retainKeysMergeItem',
    fields: {
      name: str,
      value: str,
      other: str,
      simpleMap: { kind: 'map', values: str },
      mergingIntList: list(int, { patchStrategy: 'merge' }),
      mergingList: list(obj('mergeItem'), { patchStrategy: 'merge', patchMergeKey: 'name' }),
      nonMergingList: list(obj('mergeItem')),
    },
  },
]);

const core = 'io.k8s.api.core.v1';
const apps = 'io.k8s.api.apps.v1';
const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1';

/** Deployment → DeploymentSpec → PodTemplateSpec → PodSpec → Container, with upstream's list strategies. */
export const deploymentSchemas = schemaSource([
  {
    name: `${apps}.Deployment`,
    gvk: { group: 'apps', version: 'v1', kind: 'Deployment' },
    fields: {
      apiVersion: str,
      kind: str,
      metadata: obj(`${meta}.ObjectMeta`),
      spec: obj(`${apps}.DeploymentSpec`),
      status: obj(`${apps}.DeploymentStatus`),
    },
  },
  {
    name: `${meta}.ObjectMeta`,
    fields: {
      name: str,
      namespace: str,
      uid: str,
      resourceVersion: str,
      generation: int,
      creationTimestamp: { kind: 'time' },
      labels: { kind: 'map', values: str },
      annotations: { kind: 'map', values: str },
      finalizers: list(str, { patchStrategy: 'merge', listType: 'set' }),
      managedFields: list(obj(`${meta}.ManagedFieldsEntry`)),
    },
  },
  { name: `${meta}.ManagedFieldsEntry`, fields: { manager: str, operation: str, fieldsV1: { kind: 'any' } } },
  {
    name: `${meta}.LabelSelector`,
    fields: { matchLabels: { kind: 'map', values: str } },
  },
  {
    name: `${apps}.DeploymentSpec`,
    fields: {
      replicas: int,
      paused: { kind: 'boolean' },
      selector: obj(`${meta}.LabelSelector`, { mapType: 'atomic' }),
      template: obj(`${core}.PodTemplateSpec`),
      strategy: obj(`${apps}.DeploymentStrategy`, { patchStrategy: 'retainKeys' }),
    },
  },
  {
    name: `${apps}.DeploymentStrategy`,
    fields: { type: str, rollingUpdate: obj(`${apps}.RollingUpdateDeployment`) },
  },
  {
    name: `${apps}.RollingUpdateDeployment`,
    fields: { maxSurge: { kind: 'int-or-string' }, maxUnavailable: { kind: 'int-or-string' } },
  },
  {
    name: `${apps}.DeploymentStatus`,
    fields: {
      replicas: int,
      conditions: list(obj(`${apps}.DeploymentCondition`), {
        patchStrategy: 'merge',
        patchMergeKey: 'type',
        listType: 'map',
        listMapKeys: ['type'],
      }),
    },
  },
  { name: `${apps}.DeploymentCondition`, fields: { type: str, status: str, reason: str } },
  {
    name: `${core}.PodTemplateSpec`,
    fields: { metadata: obj(`${meta}.ObjectMeta`), spec: obj(`${core}.PodSpec`) },
  },
  {
    name: `${core}.PodSpec`,
    required: ['containers'],
    fields: {
      containers: list(obj(`${core}.Container`), {
        patchStrategy: 'merge',
        patchMergeKey: 'name',
        listType: 'map',
        listMapKeys: ['name'],
      }),
      volumes: list(obj(`${core}.Volume`), {
        patchStrategy: 'merge,retainKeys',
        patchMergeKey: 'name',
        listType: 'map',
        listMapKeys: ['name'],
      }),
      nodeSelector: { kind: 'map', values: str, mapType: 'atomic' },
      tolerations: list(obj(`${core}.Toleration`)),
    },
  },
  { name: `${core}.Toleration`, fields: { key: str, operator: str, effect: str } },
  {
    name: `${core}.Volume`,
    fields: { name: str, emptyDir: obj(`${core}.EmptyDirVolumeSource`), configMap: obj(`${core}.ConfigMapVolumeSource`) },
  },
  { name: `${core}.EmptyDirVolumeSource`, fields: { medium: str } },
  { name: `${core}.ConfigMapVolumeSource`, fields: { name: str } },
  {
    name: `${core}.Container`,
    fields: {
      name: str,
      image: str,
      args: list(str),
      env: list(obj(`${core}.EnvVar`), { patchStrategy: 'merge', patchMergeKey: 'name', listType: 'map', listMapKeys: ['name'] }),
      ports: list(obj(`${core}.ContainerPort`), {
        patchStrategy: 'merge',
        patchMergeKey: 'containerPort',
        listType: 'map',
        listMapKeys: ['containerPort', 'protocol'],
      }),
      resources: obj(`${core}.ResourceRequirements`),
    },
  },
  { name: `${core}.EnvVar`, fields: { name: str, value: str } },
  { name: `${core}.ContainerPort`, fields: { name: str, containerPort: int, protocol: str } },
  {
    name: `${core}.ResourceRequirements`,
    fields: { limits: { kind: 'map', values: { kind: 'quantity' } }, requests: { kind: 'map', values: { kind: 'quantity' } } },
  },
]);

export const DEPLOYMENT = `${apps}.Deployment`;
