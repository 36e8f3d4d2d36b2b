// Hand-encoded bodies for the wire-format corners kubectl's own bodies do not reach.
// Expected values follow Go's encoding/json on the k8s.io/api structs (pointer, omitempty, inline, MarshalJSON).
import { describe, expect, it } from 'vitest';
import { decodeKubernetesProtobuf } from '../../../shared/protobuf';
import { body, message, type Field } from './encode';

const meta = (name: string): Field => [1, 'message', [[1, 'string', name]]];
const container = (fields: Field[]) => message([[1, 'string', 'c'], ...fields]);

type Case = { name: string; apiVersion: string; kind: string; raw: Uint8Array; pick: (o: any) => unknown; expected: unknown };

const cases: Case[] = [
  {
    name: 'skips unknown field numbers of every wire type, at top level and nested',
    apiVersion: 'v1',
    kind: 'ConfigMap',
    raw: message([
      [99, 'int32', 7],
      [98, 'fixed64', 1],
      [97, 'fixed32', 1],
      [96, 'string', 'future'],
      [1, 'message', [[1, 'string', 'cm'], [15, 'string', 'old-clusterName'], [42, 'message', [[1, 'int32', 1]]]]],
      [2, 'message', [[1, 'string', 'k'], [2, 'string', 'v'], [3, 'int32', 9]]],
    ]),
    pick: (o) => o,
    expected: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'cm', creationTimestamp: null }, data: { k: 'v' } },
  },
  {
    name: 'omits zero non-pointer scalars with omitempty, prints those without it, prints structs always',
    apiVersion: 'v1',
    kind: 'Pod',
    raw: message([[2, 'message', [[2, 'message', [[1, 'string', ''], [5, 'string', ''], [16, 'bool', false], [6, 'message', [[3, 'int32', 0]]]]]]]]),
    pick: (o) => o.spec.containers[0],
    expected: { name: '', ports: [{ containerPort: 0 }], resources: {} },
  },
  {
    name: 'prints pointer scalars set to zero values',
    apiVersion: 'v1',
    kind: 'Pod',
    raw: message([[2, 'message', [[2, 'message', [[1, 'string', 'c']]], [4, 'int64', 0], [21, 'bool', false], [25, 'int32', 0]]]]),
    pick: (o) => [o.spec.terminationGracePeriodSeconds, o.spec.automountServiceAccountToken, o.spec.priority],
    expected: [0, false, 0],
  },
  {
    name: 'prints null for absent nil fields without omitempty (slices, pointers)',
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    raw: message([meta('r'), [2, 'message', [[3, 'string', 'pods']]]]),
    pick: (o) => o.rules,
    expected: [{ verbs: null, resources: ['pods'] }],
  },
  {
    name: 'Time: RFC3339 in UTC, nanos dropped as upstream does; absent pointer Time omitted',
    apiVersion: 'v1',
    kind: 'Namespace',
    raw: message([[1, 'message', [[1, 'string', 'ns'], [8, 'message', [[1, 'int64', 1714557600], [2, 'int32', 999]]]]]]),
    pick: (o) => o.metadata,
    expected: { name: 'ns', creationTimestamp: '2024-05-01T10:00:00Z' },
  },
  {
    name: 'IntOrString: type 1 is the string, type 0 the int',
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    raw: message([
      [2, 'message', [
        [2, 'message', []],
        [4, 'message', [[1, 'string', 'RollingUpdate'], [2, 'message', [
          [1, 'message', [[1, 'int64', 1], [3, 'string', '25%']]],
          [2, 'message', [[1, 'int64', 0], [2, 'int32', 3]]],
        ]]]],
      ]],
    ]),
    pick: (o) => o.spec.strategy,
    expected: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: 3 } },
  },
  {
    name: 'map entries missing key or value take zero values (Quantity "0")',
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    raw: message([[2, 'message', [[1, 'message', [[1, 'string', 'pods']]], [1, 'message', [[1, 'string', 'cpu'], [2, 'message', [[1, 'string', '500m']]]]]]]]),
    pick: (o) => o.spec.hard,
    expected: { pods: '0', cpu: '500m' },
  },
  {
    name: 'map<string, bytes> values are base64, a missing one is ""',
    apiVersion: 'v1',
    kind: 'Secret',
    raw: message([[2, 'message', [[1, 'string', 'a'], [2, 'bytes', new Uint8Array([0, 255, 10])]]], [2, 'message', [[1, 'string', 'empty']]]]),
    pick: (o) => o.data,
    expected: { a: 'AP8K', empty: '' },
  },
  {
    name: 'repeated int32 accepts packed and unpacked encodings',
    apiVersion: 'batch/v1',
    kind: 'Job',
    raw: message([[2, 'message', [[11, 'message', [[1, 'message', [
      [1, 'string', 'FailJob'],
      [2, 'message', [[2, 'string', 'In'], [3, 'packed', [1, 2]], [3, 'int32', 42]]],
    ]]]]]]]),
    pick: (o) => o.spec.podFailurePolicy.rules[0].onExitCodes,
    expected: { operator: 'In', values: [1, 2, 42] },
  },
  {
    name: 'negative int32 and large int64 values',
    apiVersion: 'batch/v1',
    kind: 'Job',
    raw: message([[2, 'message', [[3, 'int64', 2 ** 40], [7, 'int32', -1]]]]),
    pick: (o) => [o.spec.activeDeadlineSeconds, o.spec.backoffLimit],
    expected: [2 ** 40, -1],
  },
  {
    name: 'inline embedded messages merge into the parent (Volume.VolumeSource, Probe.ProbeHandler)',
    apiVersion: 'v1',
    kind: 'Pod',
    raw: message([[2, 'message', [
      [1, 'message', [[1, 'string', 'data'], [2, 'message', [[1, 'message', [[1, 'string', '/data'], [2, 'string', 'Directory']]]]]]],
      [2, 'bytes', container([[11, 'message', [[1, 'message', [[1, 'message', [[1, 'string', 'true']]]]], [4, 'int32', 5]]]])],
    ]]]),
    pick: (o) => [o.spec.volumes[0], o.spec.containers[0].readinessProbe],
    expected: [{ name: 'data', hostPath: { path: '/data', type: 'Directory' } }, { exec: { command: ['true'] }, periodSeconds: 5 }],
  },
  {
    name: 'a singular field seen twice keeps the last value',
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    raw: message([meta('p'), [2, 'int32', 1], [2, 'int32', 2000000000]]),
    pick: (o) => o.value,
    expected: 2000000000,
  },
  {
    name: 'managedFields fieldsV1 holds raw JSON',
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    raw: message([[1, 'message', [[1, 'string', 'sa'], [17, 'message', [
      [1, 'string', 'kubectl'], [2, 'string', 'Update'], [6, 'string', 'FieldsV1'],
      [7, 'message', [[1, 'bytes', new TextEncoder().encode('{"f:metadata":{}}')]]],
    ]]]]]),
    pick: (o) => o.metadata.managedFields,
    expected: [{ manager: 'kubectl', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': {} } }],
  },
  {
    name: 'strings are UTF-8; ownerReferences and finalizers',
    apiVersion: 'v1',
    kind: 'ConfigMap',
    raw: message([
      [1, 'message', [[1, 'string', 'cm'], [12, 'message', [[1, 'string', 'note'], [2, 'string', 'héllo ✓']]], [14, 'string', 'example.com/f'],
        [13, 'message', [[1, 'string', 'Deployment'], [3, 'string', 'web'], [4, 'string', 'u1'], [5, 'string', 'apps/v1'], [7, 'bool', true]]]]],
    ]),
    pick: (o) => o.metadata,
    expected: {
      name: 'cm', creationTimestamp: null, annotations: { note: 'héllo ✓' }, finalizers: ['example.com/f'],
      ownerReferences: [{ kind: 'Deployment', name: 'web', uid: 'u1', apiVersion: 'apps/v1', blockOwnerDeletion: true }],
    },
  },
];

describe('decodeKubernetesProtobuf wire format', () => {
  it.each(cases)('$name', ({ apiVersion, kind, raw, pick, expected }) => {
    expect(pick(decodeKubernetesProtobuf(body(apiVersion, kind, raw)))).toStrictEqual(expected);
  });
});
