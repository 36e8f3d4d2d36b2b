import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/api/object';
import { sameJson, stableStringify, unchanged } from '../../../shared/apiserver/object-meta';

/** unchanged as it was defined before sameJson: both objects' stable strings, rv and managedFields times left out. */
function byStrings(old: KubeObject, next: KubeObject): boolean {
  const strip = (o: KubeObject) => {
    const { resourceVersion: _rv, managedFields, ...meta } = o.metadata ?? {};
    return { ...o, metadata: { ...meta, managedFields: managedFields?.map(({ time: _t, ...m }) => m) } };
  };
  return stableStringify(strip(old)) === stableStringify(strip(next));
}

const lease = (renewTime: string, extra: Record<string, unknown> = {}): KubeObject =>
  ({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: 'n1',
      namespace: 'kube-node-lease',
      resourceVersion: '7',
      managedFields: [{ manager: 'kubelet', operation: 'Update', apiVersion: 'coordination.k8s.io/v1', time: '2026-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:renewTime': {} } } }],
    },
    spec: { holderIdentity: 'n1', leaseDurationSeconds: 40, renewTime },
    ...extra,
  }) as KubeObject;

describe('unchanged (an update that changes nothing is not written)', () => {
  const RENEWED = '2026-01-01T00:00:00.000000Z';
  const base = lease(RENEWED);
  const spec = { holderIdentity: 'n1', leaseDurationSeconds: 40, renewTime: RENEWED };
  const cases: [string, KubeObject][] = [
    ['the same object', structuredClone(base)],
    ['another renewTime', lease('2026-01-01T00:00:10.000000Z')],
    ['another resourceVersion only', { ...base, metadata: { ...base.metadata, resourceVersion: '8' } }],
    ['no resourceVersion (an unconditional write)', { ...base, metadata: { ...base.metadata, resourceVersion: undefined } }],
    ['keys in another order', { spec: { renewTime: RENEWED, leaseDurationSeconds: 40, holderIdentity: 'n1' }, metadata: base.metadata, kind: 'Lease', apiVersion: 'coordination.k8s.io/v1' } as KubeObject],
    ['a key set to undefined', { ...base, status: undefined } as KubeObject],
    ['a key set to null', { ...base, status: null } as unknown as KubeObject],
    ['an added field', lease(RENEWED, { status: {} })],
    ['a managedFields time only', { ...base, metadata: { ...base.metadata, managedFields: [{ ...base.metadata!.managedFields![0]!, time: '2026-01-01T00:00:10Z' }] } }],
    ['another manager', { ...base, metadata: { ...base.metadata, managedFields: [{ ...base.metadata!.managedFields![0]!, manager: 'kubectl' }] } }],
    ['no managedFields', { ...base, metadata: { ...base.metadata, managedFields: undefined } }],
    ['empty managedFields', { ...base, metadata: { ...base.metadata, managedFields: [] } }],
    ['a number for a string', { ...base, spec: { ...spec, leaseDurationSeconds: '40' } } as KubeObject],
    ['an array for an object', { ...base, spec: [] } as unknown as KubeObject],
    ['a longer list', { ...base, metadata: { ...base.metadata, finalizers: ['a'] } }],
  ];
  it.each(cases)('%s: as the stable strings judge it', (_, next) => {
    expect(unchanged(base, next)).toBe(byStrings(base, next));
  });

  it('judges a renewal changed and an rv-only difference unchanged', () => {
    expect(unchanged(base, lease('2026-01-01T00:00:10.000000Z'))).toBe(false);
    expect(unchanged(base, { ...base, metadata: { ...base.metadata, resourceVersion: '8' } })).toBe(true);
  });

  it('sameJson agrees with stableStringify on scalars, null, NaN and nesting', () => {
    const values: unknown[] = [0, -0, 1, 1.5, 1e21, '1', '', 'null', 'true', null, NaN, Infinity, -Infinity, true, false, 'false', undefined, [], {}, [1, 2], [2, 1], { a: 1 }, { a: 1, b: undefined }, { a: [1, { b: 2 }] }, { a: [1, { b: 3 }] }];
    for (const a of values) for (const b of values) expect(sameJson(a, b), `${stableStringify(a)} vs ${stableStringify(b)}`).toBe(stableStringify(a) === stableStringify(b));
  });
});
