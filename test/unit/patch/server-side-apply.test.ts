import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../shared/api/object';
import { serverSideApply } from '../../../shared/patch';
import { apply, applyError, base, createdBy, deployment, entry, T0, T1, T2 } from './ssa-helpers';
import { deploymentSchemas } from './fixtures';

describe('serverSideApply', () => {
  it('creates the object and records the applier as owner of what it applied', () => {
    const { object, managedFields } = apply(undefined, deployment(), 'kubectl', T0);
    expect(managedFields).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: T0,
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:template': {
              'f:metadata': { 'f:labels': { 'f:app': {} } },
              'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
            },
          },
        },
      },
    ]);
    expect(object).toEqual({ ...deployment(), metadata: { name: 'web', labels: { app: 'web' }, managedFields } });
  });

  it('rejects a conflicting change with upstream wording and causes', () => {
    const live = createdBy('kubectl-client-side-apply', deployment());
    const e = applyError(() => apply(live, deployment({ replicas: 3 }), 'kubectl'));
    expect(e.code).toBe(409);
    expect(e.reason).toBe('Conflict');
    expect(e.message).toBe('Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
    expect(e.details).toEqual({
      causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.replicas' }],
    });
  });

  it('lists several conflicts per manager', () => {
    const live = createdBy('m', deployment());
    const changed = deployment({ replicas: 5 });
    ((changed.spec as JsonObject).template as JsonObject).spec = { containers: [{ name: 'nginx', image: 'nginx:2' }] };
    const e = applyError(() => apply(live, changed, 'other'));
    expect(e.message).toBe(
      'Apply failed with 2 conflicts: conflicts with "m" using apps/v1:\n- .spec.replicas\n- .spec.template.spec.containers[name="nginx"].image',
    );
    expect(e.details?.causes?.map((c) => c.field)).toEqual(['.spec.replicas', '.spec.template.spec.containers[name="nginx"].image']);
  });

  it('names an applier without "using" in conflicts', () => {
    const live = apply(undefined, deployment(), 'alice', T0).object;
    const e = applyError(() => apply(live, deployment({ replicas: 2 }), 'bob'));
    expect(e.message).toBe('Apply failed with 1 conflict: conflict with "alice": .spec.replicas');
  });

  it('force takes ownership of conflicting fields', () => {
    const live = createdBy('kubectl-client-side-apply', deployment());
    const { object, managedFields } = apply(live, deployment({ replicas: 3 }), 'kubectl', T1, true);
    expect((object as JsonObject).spec).toMatchObject({ replicas: 3 });
    const csa = entry(managedFields, 'kubectl-client-side-apply', 'Update')!;
    expect((csa.fieldsV1['f:spec'] as JsonObject)['f:replicas']).toBeUndefined();
    expect((entry(managedFields, 'kubectl')!.fieldsV1['f:spec'] as JsonObject)['f:replicas']).toEqual({});
  });

  it('applying the value another manager owns shares ownership without conflict', () => {
    const live = createdBy('kubectl-client-side-apply', deployment());
    const { object, managedFields } = apply(live, deployment(), 'kubectl');
    const liveNoMf = structuredClone(live);
    delete (liveNoMf.metadata as JsonObject).managedFields;
    expect({ ...(object as JsonObject), metadata: { name: 'web', labels: { app: 'web' } } }).toEqual(liveNoMf);
    for (const m of ['kubectl', 'kubectl-client-side-apply']) {
      const e = managedFields.find((x) => x.manager === m)!;
      expect((e.fieldsV1['f:spec'] as JsonObject)['f:replicas']).toEqual({});
    }
  });

  it('removes fields the applier stops applying', () => {
    const withSidecar = deployment({}, { app: 'web', tier: 'front' });
    const tpl = (withSidecar.spec as JsonObject).template as JsonObject;
    tpl.spec = { containers: [{ name: 'nginx', image: 'nginx:1.25' }, { name: 'sidecar', image: 'busybox' }] };
    const first = apply(undefined, withSidecar, 'kubectl', T0).object;
    const { object, managedFields } = apply(first, deployment(), 'kubectl', T1);
    const o = object as JsonObject;
    expect((o.metadata as JsonObject).labels).toEqual({ app: 'web' });
    expect((((o.spec as JsonObject).template as JsonObject).spec as JsonObject).containers).toEqual([{ name: 'nginx', image: 'nginx:1.25' }]);
    expect(JSON.stringify(managedFields)).not.toContain('sidecar');
    expect(managedFields[0]!.time).toBe(T1);
  });

  it('keeps a field the applier drops when another manager also owns it', () => {
    const first = apply(undefined, deployment({}, { app: 'web', tier: 'front' }), 'kubectl', T0).object;
    const shared = apply(first, deployment({}, { app: 'web', tier: 'front' }), 'other', T0).object;
    const { object, managedFields } = apply(shared, deployment(), 'kubectl', T1);
    expect(((object as JsonObject).metadata as JsonObject).labels).toEqual({ app: 'web', tier: 'front' });
    expect(entry(managedFields, 'kubectl')!.fieldsV1['f:metadata']).toEqual({ 'f:labels': { 'f:app': {} } });
  });

  it('keeps fields owned only by other managers when they are not applied', () => {
    const live = createdBy('kubectl-create', deployment({ paused: true }));
    const { object } = apply(live, deployment({ replicas: 1 }), 'kubectl');
    expect((object as JsonObject).spec).toMatchObject({ paused: true, replicas: 1 });
  });

  it('merges map lists by listMapKeys, defaulting protocol', () => {
    const d = deployment();
    (((d.spec as JsonObject).template as JsonObject).spec as JsonObject).containers = [
      { name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }] },
    ];
    const { managedFields } = apply(undefined, d, 'kubectl');
    const containers = ((((managedFields[0]!.fieldsV1['f:spec'] as JsonObject)['f:template'] as JsonObject)['f:spec'] as JsonObject)[
      'f:containers'
    ] as JsonObject)['k:{"name":"nginx"}'] as JsonObject;
    expect(containers['f:ports']).toEqual({ 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } });
  });

  it('merges a new container from another applier next to the live ones', () => {
    const live = apply(undefined, deployment(), 'a', T0).object;
    const sidecar = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'busybox' }] } } },
    };
    const { object, managedFields } = apply(live, sidecar, 'b');
    const containers = ((((object as JsonObject).spec as JsonObject).template as JsonObject).spec as JsonObject).containers as JsonObject[];
    expect(containers.map((c) => c.name)).toEqual(['nginx', 'sidecar']);
    expect(entry(managedFields, 'b')!.fieldsV1).toEqual({
      'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"sidecar"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } } },
    });
  });

  it('does not own or change status through the main resource', () => {
    const live = { ...createdBy('kubectl-create', deployment()), status: { replicas: 1 } };
    const { object, managedFields } = apply(live, { ...deployment(), status: { replicas: 9 } }, 'kubectl');
    expect((object as JsonObject).status).toEqual({ replicas: 1 });
    expect(JSON.stringify(managedFields)).not.toContain('f:status');
  });

  it('does not own or change spec through /status', () => {
    const live = { ...createdBy('kubectl-create', deployment()), status: { replicas: 1 } };
    const applied = { ...deployment({ replicas: 7 }), status: { replicas: 2 } };
    const { object, managedFields } = serverSideApply(live, applied, { ...base, manager: 'ctrl', force: false, now: T1, subresource: 'status' });
    expect((object as JsonObject).spec).toMatchObject({ replicas: 1 });
    expect((object as JsonObject).status).toEqual({ replicas: 2 });
    expect(entry(managedFields, 'ctrl')).toMatchObject({ subresource: 'status', fieldsV1: { 'f:status': { 'f:replicas': {} } } });
  });

  it('keeps the old timestamp for a no-op apply', () => {
    const first = apply(undefined, deployment(), 'kubectl', T0).object;
    const { object, managedFields } = apply(first, deployment(), 'kubectl', T2);
    expect(managedFields[0]!.time).toBe(T0);
    expect(object).toEqual(first);
  });

  it('syncs kubectl last-applied-configuration when present', () => {
    const live = createdBy('kubectl-client-side-apply', deployment());
    ((live.metadata as JsonObject).labels as JsonObject) = { app: 'web' };
    (live.metadata as JsonObject).annotations = { 'kubectl.kubernetes.io/last-applied-configuration': '{}' };
    const applied = deployment();
    const { object } = apply(live, applied, 'kubectl');
    const annotations = ((object as JsonObject).metadata as JsonObject).annotations as JsonObject;
    expect(JSON.parse(annotations['kubectl.kubernetes.io/last-applied-configuration'] as string)).toEqual(applied);
  });

  it('gives the fields of an untracked object to before-first-apply', () => {
    const live = { ...deployment(), metadata: { name: 'web', uid: 'u1', labels: { app: 'web' } } };
    const e = applyError(() => apply(live, deployment({ replicas: 2 }), 'kubectl'));
    expect(e.message).toBe('Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas');
    const { managedFields } = apply(live, deployment(), 'kubectl');
    expect(managedFields.map((m) => `${m.operation}:${m.manager}`)).toEqual(['Apply:kubectl', 'Update:before-first-apply']);
  });

  it.each([
    ['managedFields in the patch', { ...deployment(), metadata: { name: 'web', managedFields: [] } }, 'metadata.managedFields must be nil'],
    [
      'a different apiVersion',
      { ...deployment(), apiVersion: 'apps/v1beta1' },
      'Incorrect version specified in apply patch. Specified patch version: apps/v1beta1, expected: apps/v1',
    ],
  ])('rejects %s with 400', (_n, applied, message) => {
    const e = applyError(() => apply(undefined, applied as JsonObject, 'kubectl'));
    expect(e.code).toBe(400);
    expect(e.message).toBe(message);
  });

  it('treats lists as atomic where the schema knows nothing (custom resources)', () => {
    const opts = { schema: deploymentSchemas, apiVersion: 'example.com/v1', force: false, now: T0 };
    const cr = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { items: ['a', 'b'], size: 1 } };
    const first = serverSideApply(undefined, cr, { ...opts, manager: 'a' });
    expect(first.managedFields[0]!.fieldsV1).toEqual({ 'f:spec': { '.': {}, 'f:items': {}, 'f:size': {} } });
    const e = applyError(() => serverSideApply(first.object, { ...cr, spec: { items: ['c'] } }, { ...opts, manager: 'b' }));
    expect(e.message).toBe('Apply failed with 1 conflict: conflict with "a": .spec.items');
  });
});

