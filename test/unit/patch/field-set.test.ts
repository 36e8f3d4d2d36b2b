import { describe, expect, it } from 'vitest';
import { fromFieldsV1, pathString, toFieldsV1 } from '../../../shared/patch';
import { difference, intersection, recursiveDifference, setPaths, union } from '../../../shared/patch/field-set';

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
