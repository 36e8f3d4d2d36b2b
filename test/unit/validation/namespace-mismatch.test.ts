import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors';
import type { KubeObject, StoredObject } from '../../../shared/api/object';
import { BUILTIN_RESOURCES } from '../../../shared/api/registry';
import { admitCreate } from '../../../shared/apiserver/admission';
import { admitReplace } from '../../../shared/apiserver/store-writes';

const CONFIGMAPS = BUILTIN_RESOURCES.find((d) => d.kind === 'ConfigMap')!;
const NAMESPACES = BUILTIN_RESOURCES.find((d) => d.kind === 'Namespace')!;
const ctx = { now: '2024-01-01T00:00:00Z', newUid: () => 'u', rand: () => 0.5 };
const cm = (namespace?: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace }, data: { a: '1' } });

function error(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

const MESSAGE = 'the namespace of the provided object does not match the namespace sent on the request';

describe('a body namespace that differs from the URL namespace (rest.BeforeCreate/BeforeUpdate)', () => {
  it('is a 400 on create, an absent or equal one is taken from the URL', () => {
    const e = error(() => admitCreate(CONFIGMAPS, cm('other'), 'team', ctx, { version: 'v1' }));
    expect([e.code, e.reason, e.message]).toEqual([400, 'BadRequest', MESSAGE]);
    expect(admitCreate(CONFIGMAPS, cm(), 'team', ctx, { version: 'v1' }).object.metadata?.namespace).toBe('team');
    expect(admitCreate(CONFIGMAPS, cm('team'), 'team', ctx, { version: 'v1' }).object.metadata?.namespace).toBe('team');
  });

  it('is a 400 on update', () => {
    const old = { ...admitCreate(CONFIGMAPS, cm(), 'team', ctx, { version: 'v1' }).object } as StoredObject;
    old.metadata.resourceVersion = '2';
    const e = error(() => admitReplace({ def: CONFIGMAPS, name: 'c', object: cm('other'), target: 'main', version: 'v1' } as never, old, ctx));
    expect([e.code, e.reason, e.message]).toEqual([400, 'BadRequest', MESSAGE]);
    expect(admitReplace({ def: CONFIGMAPS, name: 'c', object: cm(), target: 'main', version: 'v1' } as never, old, ctx).object.metadata?.namespace).toBe('team');
  });

  it('is dropped from a cluster-scoped object', () => {
    const ns = admitCreate(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x', namespace: 'y' } }, undefined, ctx, { version: 'v1' });
    expect(ns.object.metadata?.namespace).toBeUndefined();
  });
});
