import { describe, expect, it } from 'vitest';
import type { Json, JsonObject } from '../../../shared/api/object';
import { trackUpdate } from '../../../shared/patch';
import { base, createdBy, deployment, T1, T2 } from './ssa-helpers';

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
