import { describe, expect, it } from 'vitest';
import type { Json, JsonObject } from '../../../shared/api/object';
import { trackUpdate } from '../../../shared/patch';
import { base, createdBy, deployment, T0, T1, T2 } from './ssa-helpers';

/**
 * trackUpdate's shortcut for values changed in place by their only owner (a Lease renewal) must give
 * exactly what the full comparison gives, whether it applies or not.
 */
const opts = (manager: string, now: string, subresource?: string) => ({ ...base, manager, operation: 'Update' as const, now, ...(subresource ? { subresource } : {}) });

function edited(obj: JsonObject, edit: (o: JsonObject & { spec: JsonObject; metadata: JsonObject }) => void): JsonObject {
  const out = structuredClone(obj) as JsonObject & { spec: JsonObject; metadata: JsonObject };
  edit(out);
  return out;
}

/** `obj` as stored after `manager` wrote it over `old`. */
function written(old: JsonObject, obj: JsonObject, manager: string, now: string, subresource?: string): JsonObject {
  const out = structuredClone(obj);
  (out.metadata as JsonObject).managedFields = trackUpdate(old, obj, opts(manager, now, subresource)) as unknown as Json;
  return out;
}

const created = createdBy('kubectl-create', deployment());
const scaled = written(created, edited(created, (o) => (o.spec.replicas = 3)), 'scaler', T1);

describe('trackUpdate: values changed in place', () => {
  it.each([
    ['the creator changes a value it owns', created, edited(created, (o) => (o.spec.replicas = 2)), 'kubectl-create'],
    ['the creator changes a label value', created, edited(created, (o) => ((o.metadata.labels as JsonObject).app = 'api')), 'kubectl-create'],
    ['the creator changes an atomic field', created, edited(created, (o) => (o.spec.selector = { matchLabels: { app: 'api' } })), 'kubectl-create'],
    ['the creator changes a value and status through the main resource', created, edited(created, (o) => ((o.spec.replicas = 2), (o.status = { replicas: 9 }))), 'kubectl-create'],
    ['another manager changes a value the creator owns', created, edited(created, (o) => (o.spec.replicas = 2)), 'kubectl-edit'],
    ['the scaler changes replicas again', scaled, edited(scaled, (o) => (o.spec.replicas = 5)), 'scaler'],
    ['the creator changes replicas the scaler took', scaled, edited(scaled, (o) => (o.spec.replicas = 5)), 'kubectl-create'],
    ['the scaler changes replicas and a label it does not own', scaled, edited(scaled, (o) => ((o.spec.replicas = 5), ((o.metadata.labels as JsonObject).app = 'x'))), 'scaler'],
    ['the creator changes an image inside a list', created, edited(created, (o) => (((o.spec.template as { spec: { containers: JsonObject[] } }).spec.containers[0]!.image = 'nginx:2'))), 'kubectl-create'],
    ['the creator adds a field', created, edited(created, (o) => (o.spec.paused = true)), 'kubectl-create'],
    ['the creator removes a field', created, edited(created, (o) => delete o.spec.replicas), 'kubectl-create'],
    ['the creator sets a field to null', created, edited(created, (o) => (o.spec.replicas = null)), 'kubectl-create'],
    ['nothing changes', created, structuredClone(created), 'kubectl-create'],
    ['the request carries other managed fields', created, edited(created, (o) => ((o.spec.replicas = 2), (o.metadata.managedFields = [{ manager: 'x', operation: 'Update', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } }]))), 'kubectl-create'],
  ] as [string, JsonObject, JsonObject, string][])('%s: as the full comparison', (_, old, next, manager) => {
    expect(trackUpdate(old, next, opts(manager, T2))).toEqual(trackUpdate(old, next, { ...opts(manager, T2), exhaustive: true }));
  });

  it('a status writer changing its own status field again, through /status', () => {
    const withStatus = written(created, { ...structuredClone(created), status: { replicas: 1, availableReplicas: 1 } }, 'deployment-controller', T1, 'status');
    const next = { ...structuredClone(withStatus), status: { replicas: 2, availableReplicas: 1 } };
    const fast = trackUpdate(withStatus, next, opts('deployment-controller', T2, 'status'));
    expect(fast).toEqual(trackUpdate(withStatus, next, { ...opts('deployment-controller', T2, 'status'), exhaustive: true }));
    // the writer's time moves, its fields stay; the creator's entry is as it was
    expect(fast.find((e) => e.manager === 'deployment-controller')).toMatchObject({ time: T2, fieldsV1: { 'f:status': { 'f:availableReplicas': {}, 'f:replicas': {} } } });
    expect(fast.find((e) => e.manager === 'kubectl-create')?.time).toBe((created.metadata as { managedFields: { time: string }[] }).managedFields[0]!.time);
  });
});

// the shortcut also walks granular lists whose items stay where they are (a node's conditions, a pod's
// containers) and answers a request that changes nothing; every row must give the full comparison's entries
describe('trackUpdate: list items changed in place, and nothing changed', () => {
  type Obj = JsonObject & { spec: JsonObject; metadata: JsonObject; status: { conditions: JsonObject[] } };
  const conditions = [
    { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
    { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
  ];
  const withStatus = written(created, { ...structuredClone(created), status: { replicas: 1, conditions } }, 'deployment-controller', T1, 'status');
  const edit = (obj: JsonObject, fn: (o: Obj) => void) => {
    const out = structuredClone(obj) as Obj;
    fn(out);
    return out;
  };
  const containers = (o: Obj) => (o.spec.template as { spec: { containers: JsonObject[] } }).spec.containers;
  const twoContainers = written(created, edit(created, (o) => containers(o).push({ name: 'sidecar', image: 'envoy:1' })), 'kubectl-edit', T1);
  const sentEntries = (o: Obj, fieldsV1: JsonObject | undefined) =>
    (o.metadata.managedFields = [
      ...(o.metadata.managedFields as JsonObject[]),
      { manager: 'other', operation: 'Update', apiVersion: 'apps/v1', time: T0, fieldsType: 'FieldsV1', ...(fieldsV1 ? { fieldsV1 } : {}) },
    ]);

  const duplicated = written(created, { ...structuredClone(created), status: { conditions: [conditions[0]!, { ...conditions[0]!, reason: 'Twice' }] } }, 'deployment-controller', T1, 'status');
  // upstream keeps at most ten Update entries: whether an entry left with nothing is dropped decides which fold
  const labelled = edit(created, (o) => {
    for (let i = 0; i < 10; i++) (o.metadata.labels as JsonObject)[`l${i}`] = 'x';
  });
  const tenManagers = (o: Obj) => {
    o.metadata.managedFields = [
      { manager: 'other', operation: 'Update', apiVersion: 'apps/v1', time: '2024-05-01T09:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:resourceVersion': {} } } },
      ...Array.from({ length: 10 }, (_, i) => ({ manager: `m${i}`, operation: 'Update', apiVersion: 'apps/v1', time: `2024-05-01T09:0${i}:01Z`, fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': { [`f:l${i}`]: {} } } } })),
    ];
  };

  it.each([
    ['a duplicated condition\'s second reason', duplicated, edit(duplicated, (o) => (o.status.conditions[1]!.reason = 'Other')), 'deployment-controller', 'status'],
    ['nothing, eleven managers sent, one owning only resourceVersion', labelled, edit(labelled, tenManagers), 'm9', undefined],
    ['a label, eleven managers sent, one owning only resourceVersion', labelled, edit(labelled, (o) => (tenManagers(o), ((o.metadata.labels as JsonObject).l9 = 'y'))), 'm9', undefined],
    ['a condition\'s reason, by its writer', withStatus, edit(withStatus, (o) => (o.status.conditions[0]!.reason = 'Other')), 'deployment-controller', 'status'],
    ['two conditions\' reasons, by their writer', withStatus, edit(withStatus, (o) => o.status.conditions.forEach((c) => (c.reason = 'Other'))), 'deployment-controller', 'status'],
    ['a condition\'s reason, by another writer', withStatus, edit(withStatus, (o) => (o.status.conditions[0]!.reason = 'Other')), 'someone', 'status'],
    ['a condition field added', withStatus, edit(withStatus, (o) => (o.status.conditions[0]!.message = 'hi' as never)), 'deployment-controller', 'status'],
    ['a condition field removed', withStatus, edit(withStatus, (o) => delete o.status.conditions[0]!.reason), 'deployment-controller', 'status'],
    ['conditions reordered', withStatus, edit(withStatus, (o) => o.status.conditions.reverse()), 'deployment-controller', 'status'],
    ['a condition added', withStatus, edit(withStatus, (o) => o.status.conditions.push({ type: 'ReplicaFailure', status: 'False' })), 'deployment-controller', 'status'],
    ['a condition removed', withStatus, edit(withStatus, (o) => o.status.conditions.pop()), 'deployment-controller', 'status'],
    ['a condition twice', withStatus, edit(withStatus, (o) => o.status.conditions.push({ ...o.status.conditions[0]!, reason: 'Again' })), 'deployment-controller', 'status'],
    ['a condition\'s key changed', withStatus, edit(withStatus, (o) => (o.status.conditions[1]!.type = 'Other')), 'deployment-controller', 'status'],
    ['nothing, through /status', withStatus, structuredClone(withStatus), 'deployment-controller', 'status'],
    ['nothing, by someone who owns nothing', withStatus, structuredClone(withStatus), 'someone', 'status'],
    ['nothing, without resourceVersion', withStatus, edit(withStatus, (o) => delete o.metadata.resourceVersion), 'deployment-controller', 'status'],
    ['a spec change through /status (reset)', withStatus, edit(withStatus, (o) => (o.spec.replicas = 9)), 'deployment-controller', 'status'],
    ['the second container\'s image, by its adder', twoContainers, edit(twoContainers, (o) => (containers(o)[1]!.image = 'envoy:2')), 'kubectl-edit', undefined],
    ['the first container\'s image, by the adder of the second', twoContainers, edit(twoContainers, (o) => (containers(o)[0]!.image = 'nginx:2')), 'kubectl-edit', undefined],
    ['containers swapped', twoContainers, edit(twoContainers, (o) => containers(o).reverse()), 'kubectl-edit', undefined],
    ['nothing, with an entry sent that owns resourceVersion', created, edit(created, (o) => sentEntries(o, { 'f:metadata': { 'f:resourceVersion': {} } })), 'kubectl-create', undefined],
    ['a value, with an entry sent that owns only resourceVersion', created, edit(created, (o) => ((o.spec.replicas = 4), sentEntries(o, { 'f:metadata': { 'f:resourceVersion': {} }, 'f:spec': { 'f:replicas': {} } }))), 'kubectl-create', undefined],
    ['nothing, with an entry sent that owns nothing', created, edit(created, (o) => sentEntries(o, undefined)), 'kubectl-create', undefined],
    ['a value, with an entry sent that owns nothing', created, edit(created, (o) => ((o.spec.paused = false), sentEntries(o, undefined))), 'kubectl-create', undefined],
  ] as [string, JsonObject, JsonObject, string, string | undefined][])('%s: as the full comparison', (_, old, next, manager, subresource) => {
    const withRv = { ...old, metadata: { ...(old.metadata as JsonObject), resourceVersion: '7' } };
    for (const prev of [old, withRv]) {
      expect(trackUpdate(prev, next, opts(manager, T2, subresource))).toEqual(trackUpdate(prev, next, { ...opts(manager, T2, subresource), exhaustive: true }));
    }
  });
});
