import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../shared/api/object';
import { builtinSchemas } from '../../../shared/openapi';
import { trackUpdate, type TrackUpdateOptions } from '../../../shared/patch';

// A create's managedFields take a one-walk path (created-fields-v1.ts); an old object with no fields
// and no uid takes the general one (compare, difference, encode). Both must give the same entries,
// byte for byte (the API returns them, so key order counts too), on every shape the walk meets.
const T0 = '2024-05-01T10:00:00Z';
const opts = (typeName: string | undefined, apiVersion: string, extra: Partial<TrackUpdateOptions> = {}): TrackUpdateOptions => ({
  manager: 'kubectl-create',
  operation: 'Update',
  apiVersion,
  now: T0,
  schema: builtinSchemas,
  typeName,
  ...extra,
});
const POD = 'io.k8s.api.core.v1.Pod';
const SERVICE = 'io.k8s.api.core.v1.Service';
const CONFIG_MAP = 'io.k8s.api.core.v1.ConfigMap';
const DEPLOYMENT = 'io.k8s.api.apps.v1.Deployment';
const JOB = 'io.k8s.api.batch.v1.Job';

const meta = (extra: JsonObject = {}): JsonObject => ({
  name: 'x',
  namespace: 'default',
  uid: 'u-1',
  resourceVersion: '7',
  generation: 1,
  creationTimestamp: T0,
  ...extra,
});

const rows: [string, JsonObject, TrackUpdateOptions][] = [
  ['a ConfigMap as the bench creates it', { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta({ labels: { app: 'bench' } }), data: { a: '1', b: 'two' } }, opts(CONFIG_MAP, 'v1')],
  ['metadata holding only stripped fields', { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(), data: { a: '' } }, opts(CONFIG_MAP, 'v1')],
  ['nothing but stripped fields (no entry)', { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta() }, opts(CONFIG_MAP, 'v1')],
  ['an empty data map and binaryData', { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta({ annotations: {} }), data: {}, binaryData: { k: 'AA==' }, immutable: true }, opts(CONFIG_MAP, 'v1')],
  [
    'a defaulted Pod: list-maps, defaulted port protocol, duplicate keys, set lists, status',
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta({ labels: { app: 'web' }, finalizers: ['a/b', 'c/d'], ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u', controller: true }] }),
      spec: {
        containers: [
          { name: 'a', image: 'nginx', ports: [{ containerPort: 80 }, { containerPort: 80, protocol: 'UDP' }, { containerPort: 80 }], resources: {}, env: [{ name: 'E', value: '1' }], args: ['x', 'x'] },
          { name: 'b', image: 'busybox', command: [], terminationMessagePolicy: 'File' },
          { name: 'a', image: 'duplicate' },
        ],
        restartPolicy: 'Always',
        tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule' }],
        securityContext: {},
        nodeSelector: { zone: 'a' },
        priority: 0,
      },
      status: { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False' }] },
    },
    opts(POD, 'v1'),
  ],
  [
    'a Service with ports keyed by port and protocol',
    { apiVersion: 'v1', kind: 'Service', metadata: meta(), spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }, { port: 53, protocol: 'UDP' }], clusterIPs: ['10.0.0.1'], type: 'ClusterIP' } },
    opts(SERVICE, 'v1'),
  ],
  [
    'a Deployment with nulls and an empty template',
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta(), spec: { replicas: 0, paused: null, strategy: {}, selector: { matchLabels: {} }, template: { metadata: {}, spec: { containers: [] } } } },
    opts(DEPLOYMENT, 'apps/v1'),
  ],
  ['a Job under the status subresource (spec reset)', { apiVersion: 'batch/v1', kind: 'Job', metadata: meta(), spec: { template: { spec: { containers: [{ name: 'c', image: 'i' }] } } }, status: { active: 1 } }, opts(JOB, 'batch/v1', { subresource: 'status' })],
  ['a kind without status (nothing reset)', { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(), data: { a: '1' }, status: { odd: true } }, opts(CONFIG_MAP, 'v1', { resetFields: [] })],
  ['a reset path below the root', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta({ labels: { a: 'b' } }), spec: { replicas: 2, paused: true } }, opts(DEPLOYMENT, 'apps/v1', { resetFields: [['spec', 'replicas'], ['metadata', 'labels']] })],
  [
    'a custom resource with no schema (every list atomic, every map granular)',
    { apiVersion: 'x.dev/v1', kind: 'Thing', metadata: meta(), spec: { list: [{ a: 1 }, 2], nested: { deep: { v: null, e: {} } }, s: '' } },
    opts(undefined, 'x.dev/v1'),
  ],
  [
    'keys whose value is undefined (objects built in code)',
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', labels: undefined }, spec: { priority: undefined, containers: [{ name: 'c', image: 'i' }] } } as unknown as JsonObject,
    opts(POD, 'v1'),
  ],
  ['no fields at all', {}, opts(POD, 'v1')],
];

describe('a create records what an update from nothing records', () => {
  it.each(rows)('%s', (_, obj, o) => {
    const fast = trackUpdate(undefined, obj, o);
    const general = trackUpdate({}, obj, o);
    expect(fast).toEqual(general);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(general));
  });

  it('records the bench ConfigMap as upstream does', () => {
    const [entry, ...rest] = trackUpdate(undefined, rows[0]![1], rows[0]![2]);
    expect(rest).toEqual([]);
    expect(entry).toEqual({
      manager: 'kubectl-create',
      operation: 'Update',
      apiVersion: 'v1',
      time: T0,
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:data': { '.': {}, 'f:a': {}, 'f:b': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } },
    });
  });
});
