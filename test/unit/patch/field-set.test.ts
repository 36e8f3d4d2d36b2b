import { describe, expect, it } from 'vitest';
import { fromFieldsV1, pathString, toFieldsV1 } from '../../../shared/patch';
import { difference, emptySet, intersection, isEmptyDifference, isEmptySet, recursiveDifference, setPaths, toFieldsV1Without, union, type FieldSet } from '../../../shared/patch/field-set';

const fields = {
  'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
  'f:spec': {
    'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } },
    'f:replicas': {},
  },
};

describe('FieldsV1 sets', () => {
  it('round-trips FieldsV1 with sorted keys and "." first', () => {
    expect(JSON.stringify(toFieldsV1(fromFieldsV1(fields)))).toBe(
      '{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:containers":{"k:{\\"name\\":\\"nginx\\"}":{".":{},"f:image":{},"f:name":{}}},"f:replicas":{}}}',
    );
  });

  it('lists paths as upstream prints them: a level\'s members, then its children', () => {
    expect(setPaths(fromFieldsV1(fields)).map(pathString)).toEqual([
      '.metadata.labels',
      '.metadata.labels.app',
      '.spec.replicas',
      '.spec.containers[name="nginx"]',
      '.spec.containers[name="nginx"].image',
      '.spec.containers[name="nginx"].name',
    ]);
  });

  it.each([
    ['k:{"containerPort":80,"protocol":"TCP"}', '[containerPort=80,protocol="TCP"]'],
    ['v:"example.com/finalizer"', '[="example.com/finalizer"]'],
    ['i:3', '[3]'],
  ])('prints %s as %s', (pe, printed) => {
    expect(pathString(['f:x', pe])).toBe(`.x${printed}`);
  });

  it('combines sets', () => {
    const a = fromFieldsV1({ 'f:a': {}, 'f:b': { 'f:c': {} } });
    const b = fromFieldsV1({ 'f:b': {}, 'f:d': {} });
    expect(toFieldsV1(union(a, b))).toEqual({ 'f:a': {}, 'f:b': { '.': {}, 'f:c': {} }, 'f:d': {} });
    expect(toFieldsV1(difference(a, b))).toEqual({ 'f:a': {}, 'f:b': { 'f:c': {} } });
    expect(toFieldsV1(recursiveDifference(a, b))).toEqual({ 'f:a': {} });
    expect(toFieldsV1(intersection(a, fromFieldsV1({ 'f:b': { 'f:c': {} } })))).toEqual({ 'f:b': { 'f:c': {} } });
  });
});

// encodeManagedFields strips system fields while encoding: the same text as encoding the difference
describe('toFieldsV1Without', () => {
  // a small deterministic generator of sets over a few path elements, empty children included
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const names = ['f:a', 'f:b', 'f:metadata', 'k:{"name":"x"}', 'v:1'];
  const randomSet = (depth: number): FieldSet => {
    const s = emptySet();
    s.member = rand() < 0.4;
    if (depth > 0) for (const n of names) if (rand() < 0.45) s.children.set(n, randomSet(depth - 1));
    return s;
  };
  it('gives toFieldsV1(difference(s, w)) for 500 random pairs, and says when that is empty', () => {
    for (let i = 0; i < 500; i++) {
      const [s, w] = [randomSet(3), randomSet(2)];
      const d = difference(s, w);
      expect(toFieldsV1Without(s, w)).toEqual(toFieldsV1(d));
      expect(JSON.stringify(toFieldsV1Without(s, w))).toBe(JSON.stringify(toFieldsV1(d)));
      expect(isEmptyDifference(s, w)).toBe(isEmptySet(d));
    }
  });
});
