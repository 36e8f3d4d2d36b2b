import { describe, expect, it } from 'vitest';
import type { Json, JsonObject } from '../../../shared/api/object';
import { trackUpdate, type ManagedFieldsEntry } from '../../../shared/patch';
import { apply, base, createdBy, deployment, entry, T0, T1, T2 } from './ssa-helpers';

describe('trackUpdate', () => {
  const opts = (manager: string, now: string) => ({ ...base, manager, operation: 'Update' as const, now });

  it('records a create as an Update by the creating manager', () => {
    const entries = trackUpdate(undefined, deployment(), opts('kubectl-create', T0));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ manager: 'kubectl-create', operation: 'Update', apiVersion: 'apps/v1', time: T0, fieldsType: 'FieldsV1' });
    expect(entries[0]!.fieldsV1).toEqual({
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
        },
      },
    });
  });

  it.each([
    ['a Deployment', deployment()],
    ['with a list-map of several items', deployment({ template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 80 }] }, { name: 'b', image: 'y' }] } } })],
    ['with empty and null values', deployment({ replicas: 0, paused: null, strategy: {}, template: { spec: { containers: [] } } }, {})],
    ['with status (reset)', { ...deployment(), status: { replicas: 3 } }],
    ['with no fields at all', {}],
  ] as [string, JsonObject][])('a create records what an update from nothing records (%s)', (_, obj) => {
    // the create takes a shorter path; an old object with no fields and no uid takes the general one
    expect(trackUpdate(undefined, obj, opts('kubectl-create', T0))).toEqual(trackUpdate({}, obj, opts('kubectl-create', T0)));
  });

  it('moves changed fields to the updating manager and drops managers left with nothing', () => {
    const live = createdBy('kubectl-create', deployment());
    const edited = structuredClone(live);
    (edited.spec as JsonObject).replicas = 4;
    const entries = trackUpdate(live, edited, opts('kubectl-edit', T1));
    expect(entries.map((e) => e.manager)).toEqual(['kubectl-create', 'kubectl-edit']);
    expect(entry(entries, 'kubectl-edit', 'Update')!.fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect((entry(entries, 'kubectl-create', 'Update')!.fieldsV1['f:spec'] as JsonObject)['f:replicas']).toBeUndefined();

    const scaled = structuredClone(edited);
    (scaled.metadata as JsonObject).managedFields = entries as unknown as Json;
    (scaled.spec as JsonObject).replicas = 5;
    const after = trackUpdate(edited, scaled, opts('kubectl-scale', T2));
    expect(after.map((e) => e.manager)).toEqual(['kubectl-create', 'kubectl-scale']);
  });

  it('leaves entries unchanged when nothing changed', () => {
    const live = createdBy('kubectl-create', deployment());
    expect(trackUpdate(live, structuredClone(live), opts('kubectl-edit', T1))).toEqual((live.metadata as JsonObject).managedFields);
  });

  it('removing a field takes it from its owners', () => {
    const live = createdBy('kubectl-create', deployment({}, { app: 'web', tier: 'x' }));
    const next = structuredClone(live);
    (next.metadata as JsonObject).labels = { app: 'web' };
    const entries = trackUpdate(live, next, opts('kubectl-label', T1));
    expect(JSON.stringify(entries)).not.toContain('f:tier');
    expect(entries.map((e) => e.manager)).toEqual(['kubectl-create']);
  });

  it('an update taking over an applied field leaves the applier the rest', () => {
    const live = apply(undefined, deployment(), 'kubectl', T0).object as JsonObject;
    const next = structuredClone(live);
    (next.spec as JsonObject).replicas = 3;
    const entries = trackUpdate(live, next, opts('kubectl-scale', T1));
    expect(entries.map((e) => `${e.operation}:${e.manager}`)).toEqual(['Apply:kubectl', 'Update:kubectl-scale']);
    expect((entry(entries, 'kubectl')!.fieldsV1['f:spec'] as JsonObject)['f:replicas']).toBeUndefined();
  });

  it('stops tracking an existing object that has no managed fields', () => {
    const live = { ...deployment(), metadata: { name: 'web', uid: 'u1' } };
    expect(trackUpdate(live, deployment({ replicas: 3 }), opts('kubectl-edit', T1))).toEqual([]);
  });

  it('folds the oldest of more than 10 updaters into ancient-changes', () => {
    let obj = createdBy('m0', deployment());
    for (let i = 1; i <= 11; i++) {
      const next = structuredClone(obj);
      (next.metadata as JsonObject).labels = { ...((obj.metadata as JsonObject).labels as JsonObject), [`l${i}`]: 'x' };
      const entries = trackUpdate(obj, next, opts(`m${i}`, `2024-05-01T10:${String(i).padStart(2, '0')}:00Z`));
      (next.metadata as JsonObject).managedFields = entries as unknown as Json;
      obj = next;
    }
    const entries = (obj.metadata as JsonObject).managedFields as unknown as ManagedFieldsEntry[];
    expect(entries).toHaveLength(10);
    const ancient = entry(entries, 'ancient-changes', 'Update')!;
    expect(ancient.time).toBe('2024-05-01T10:02:00Z');
    expect(Object.keys(ancient.fieldsV1['f:metadata'] as JsonObject)).toEqual(['f:labels']);
    expect(((ancient.fieldsV1['f:metadata'] as JsonObject)['f:labels'] as JsonObject)['f:l2']).toEqual({});
    expect(entries.map((e) => e.manager)).not.toContain('m1');
  });

  it('ignores status changes through the main resource', () => {
    const live = createdBy('kubectl-create', deployment());
    const next = { ...structuredClone(live), status: { replicas: 3 } };
    expect(trackUpdate(live, next, opts('someone', T1)).map((e) => e.manager)).toEqual(['kubectl-create']);
  });

  it('records status writes under the status subresource', () => {
    const live = createdBy('kubectl-create', deployment());
    const next = { ...structuredClone(live), status: { replicas: 3, conditions: [{ type: 'Available', status: 'True' }] } };
    const entries = trackUpdate(live, next, { ...opts('deployment-controller', T1), subresource: 'status' });
    expect(entry(entries, 'deployment-controller', 'Update')).toMatchObject({
      subresource: 'status',
      fieldsV1: {
        'f:status': {
          'f:conditions': { '.': {}, 'k:{"type":"Available"}': { '.': {}, 'f:status': {}, 'f:type': {} } },
          'f:replicas': {},
        },
      },
    });
  });
});
