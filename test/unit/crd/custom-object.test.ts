import { describe, expect, it } from 'vitest';
import { applyCrdDefaults, pruneCustomObject, validateCustomObject, type JSONSchemaProps } from '../../../shared/crd';
import { CRONTAB_SCHEMA } from './fixtures';

const SCHEMA: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['x'],
      properties: {
        x: { type: 'string' },
        replicas: { type: 'integer', minimum: 1, maximum: 10 },
        ratio: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 1, exclusiveMaximum: true },
        size: { type: 'string', enum: ['S', 'M'] },
        name: { type: 'string', minLength: 3, maxLength: 5, pattern: '^[a-z]+$' },
        tags: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 2 },
        when: { type: 'string', format: 'date-time' },
        port: { 'x-kubernetes-int-or-string': true },
        note: { type: 'string', nullable: true },
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        template: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
  },
};

describe('validateCustomObject', () => {
  const cases: { name: string; spec: Record<string, unknown>; want: { field: string; message: string }[] }[] = [
    { name: 'valid', spec: { x: 'a', replicas: 3, size: 'S', port: 'http', note: null, free: { any: [1] }, labels: { a: 'b' } }, want: [] },
    { name: 'type', spec: { x: 'a', replicas: 'string' }, want: [{ field: 'spec.replicas', message: 'Invalid value: "string": spec.replicas in body must be of type integer: "string"' }] },
    { name: 'required', spec: {}, want: [{ field: 'spec.x', message: 'Required value' }] },
    { name: 'enum', spec: { x: 'a', size: 'XL' }, want: [{ field: 'spec.size', message: 'Unsupported value: "XL": supported values: "S", "M"' }] },
    { name: 'maximum', spec: { x: 'a', replicas: 20 }, want: [{ field: 'spec.replicas', message: 'Invalid value: 20: spec.replicas in body should be less than or equal to 10' }] },
    { name: 'minimum', spec: { x: 'a', replicas: 0 }, want: [{ field: 'spec.replicas', message: 'Invalid value: 0: spec.replicas in body should be greater than or equal to 1' }] },
    { name: 'exclusive bounds', spec: { x: 'a', ratio: 1 }, want: [{ field: 'spec.ratio', message: 'Invalid value: 1: spec.ratio in body should be less than 1' }] },
    { name: 'exclusive minimum', spec: { x: 'a', ratio: 0 }, want: [{ field: 'spec.ratio', message: 'Invalid value: 0: spec.ratio in body should be greater than 0' }] },
    { name: 'maxLength', spec: { x: 'a', name: 'abcdef' }, want: [{ field: 'spec.name', message: 'Too long: may not be more than 5 bytes' }] },
    { name: 'minLength', spec: { x: 'a', name: 'ab' }, want: [{ field: 'spec.name', message: 'Invalid value: "ab": spec.name in body should be at least 3 chars long' }] },
    { name: 'pattern', spec: { x: 'a', name: 'ABC' }, want: [{ field: 'spec.name', message: "Invalid value: \"ABC\": spec.name in body should match '^[a-z]+$'" }] },
    { name: 'maxItems', spec: { x: 'a', tags: ['a', 'b', 'c'] }, want: [{ field: 'spec.tags', message: 'Too many: 3: must have at most 2 items' }] },
    { name: 'minItems', spec: { x: 'a', tags: [] }, want: [{ field: 'spec.tags', message: 'Invalid value: 0: spec.tags in body should have at least 1 items' }] },
    { name: 'items', spec: { x: 'a', tags: [1] }, want: [{ field: 'spec.tags[0]', message: 'Invalid value: "integer": spec.tags[0] in body must be of type string: "integer"' }] },
    { name: 'format', spec: { x: 'a', when: 'yesterday' }, want: [{ field: 'spec.when', message: 'Invalid value: "yesterday": spec.when in body must be of type date-time: "yesterday"' }] },
    { name: 'int-or-string', spec: { x: 'a', port: true }, want: [{ field: 'spec.port', message: 'Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"' }] },
    { name: 'additionalProperties', spec: { x: 'a', labels: { a: 1 } }, want: [{ field: 'spec.labels.a', message: 'Invalid value: "integer": spec.labels.a in body must be of type string: "integer"' }] },
    { name: 'embedded resource', spec: { x: 'a', template: { spec: {} } }, want: [{ field: 'spec.template.apiVersion', message: 'Required value: must not be empty' }, { field: 'spec.template.kind', message: 'Required value: must not be empty' }] },
  ];
  it.each(cases)('$name', ({ spec, want }) => {
    const got = validateCustomObject(SCHEMA, { apiVersion: 'x/v1', kind: 'X', metadata: { name: 'a' }, spec });
    expect(got.map(({ field, message }) => ({ field, message }))).toEqual(want);
  });

  it('reports the upstream docs CronTab errors', () => {
    const got = validateCustomObject(CRONTAB_SCHEMA, { spec: { cronSpec: '* * * *', image: 'my-awesome-cron-image', replicas: 15 } });
    expect(got.map((c) => c.message)).toEqual([
      "Invalid value: \"* * * *\": spec.cronSpec in body should match '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'",
      'Invalid value: 15: spec.replicas in body should be less than or equal to 10',
    ]);
  });
});

describe('applyCrdDefaults', () => {
  it('defaults the upstream docs CronTab', () => {
    const obj = { apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'x' }, spec: { image: 'my-awesome-cron-image' } };
    expect(applyCrdDefaults(CRONTAB_SCHEMA, obj).spec).toEqual({ image: 'my-awesome-cron-image', cronSpec: '5 0 * * *', replicas: 1 });
    expect(obj.spec).toEqual({ image: 'my-awesome-cron-image' });
  });

  const nested: JSONSchemaProps = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        default: {},
        properties: {
          a: { type: 'object', default: { b: 'x' }, properties: { b: { type: 'string' }, c: { type: 'integer', default: 7 } } },
          list: { type: 'array', items: { type: 'object', properties: { p: { type: 'integer', default: 80 } } } },
          m: { type: 'object', additionalProperties: { type: 'object', properties: { q: { type: 'string', default: 'd' } } } },
          n: { type: 'string' },
          z: { type: 'string', default: 'zz' },
        },
      },
    },
  };
  const cases: { name: string; in: Record<string, unknown>; out: Record<string, unknown> }[] = [
    { name: 'defaults inside defaults', in: {}, out: { spec: { a: { b: 'x', c: 7 }, z: 'zz' } } },
    { name: 'items and additionalProperties', in: { spec: { list: [{}, { p: 1 }], m: { k: {} } } }, out: { spec: { a: { b: 'x', c: 7 }, list: [{ p: 80 }, { p: 1 }], m: { k: { q: 'd' } }, z: 'zz' } } },
    { name: 'non-nullable null: defaulted or dropped', in: { spec: { z: null, n: null } }, out: { spec: { a: { b: 'x', c: 7 }, z: 'zz' } } },
  ];
  it.each(cases)('$name', (c) => {
    expect(applyCrdDefaults(nested, c.in)).toEqual(c.out);
  });
});

describe('pruneCustomObject', () => {
  it('drops unknown fields, keeps resource fields and preserved subtrees', () => {
    const obj = {
      apiVersion: 'x/v1',
      kind: 'X',
      metadata: { name: 'a', labels: { k: 'v' } },
      extra: 1,
      spec: { x: 'a', y: 2, free: { anything: { deep: true } }, labels: { a: 'b' }, tags: ['t'], template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} } },
    };
    const { object, pruned } = pruneCustomObject(SCHEMA, obj);
    expect(pruned).toEqual(['extra', 'spec.y']);
    expect(object).toEqual({
      apiVersion: 'x/v1',
      kind: 'X',
      metadata: { name: 'a', labels: { k: 'v' } },
      spec: { x: 'a', free: { anything: { deep: true } }, labels: { a: 'b' }, tags: ['t'], template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} } },
    });
  });

  it('prunes inside array items and in objects with no properties', () => {
    const schema: JSONSchemaProps = { type: 'object', properties: { l: { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } } }, e: { type: 'object' } } };
    expect(pruneCustomObject(schema, { l: [{ a: 'x', b: 1 }], e: { q: 1 } })).toEqual({ object: { l: [{ a: 'x' }], e: {} }, pruned: ['l[0].b', 'e.q'] });
  });
});
