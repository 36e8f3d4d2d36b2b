import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/api/object';
import { BUILTIN_RESOURCES } from '../../../shared/api/registry';
import { admitCreate } from '../../../shared/apiserver/admission';
import { applyDefaults, hasDefaults } from '../../../shared/defaults';

// admitCreate skips applyDefaults (and its copy) for kinds without defaults; prepareCreate's own
// copy must then keep the request body untouched, and the result must be what defaulting gives.
const def = (kind: string) => BUILTIN_RESOURCES.find((d) => d.kind === kind && d.group === '')!;
const ctx = { now: '2024-01-01T00:00:00Z', newUid: () => 'u', rand: () => 0.5 };

describe('admitCreate of a kind without defaults', () => {
  it('is a kind applyDefaults returns as it is', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } };
    expect(hasDefaults('', 'v1', 'ConfigMap')).toBe(false);
    expect(applyDefaults('', 'v1', 'ConfigMap', cm)).toEqual(cm);
    expect(hasDefaults('', 'v1', 'Pod')).toBe(true);
    expect(hasDefaults('apps', 'v1', 'Deployment')).toBe(true);
  });

  it.each(['ConfigMap', 'Pod'])('leaves the request body as it was (%s)', (kind) => {
    const body: KubeObject =
      kind === 'Pod'
        ? { apiVersion: 'v1', kind, metadata: { name: 'p', labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } }
        : { apiVersion: 'v1', kind, metadata: { name: 'c', labels: { a: 'b' } }, data: { a: '1' } };
    const sent = structuredClone(body);
    const admitted = admitCreate(def(kind), body, 'team', ctx, { version: 'v1', fieldManager: 'm' }).object;
    expect(body).toEqual(sent);
    expect(admitted.metadata).toMatchObject({ name: sent.metadata!.name, namespace: 'team', uid: 'u', labels: { a: 'b' } });
    expect(admitted.metadata!.managedFields).toHaveLength(1);
    // nothing the result holds is shared with the body: changing it leaves the body alone
    (admitted.metadata!.labels as Record<string, string>).a = 'changed';
    expect(body).toEqual(sent);
  });
});
