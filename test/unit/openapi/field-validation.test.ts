import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors';
import { builtinSchemas, checkFields, pruneUnknownFields, strictFieldError, strictPatchError } from '../../../shared/openapi';

const DEPLOYMENT = 'io.k8s.api.apps.v1.Deployment';
const POD = 'io.k8s.api.core.v1.Pod';
const CRD = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition';

const deployment = (spec: object) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } },
    ...spec,
  },
});

describe('checkFields: unknown fields', () => {
  it.each([
    ['a valid Deployment', DEPLOYMENT, deployment({ replicas: 3 }), []],
    ['a misspelt spec field', DEPLOYMENT, deployment({ replicass: 3 }), ['spec.replicass']],
    // upstream's documented example: a field at the wrong level
    ['serviceAccountName under Deployment.spec', DEPLOYMENT, deployment({ serviceAccountName: 'x' }), ['spec.serviceAccountName']],
    [
      'fields inside list items',
      POD,
      { metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', imagee: 'x', limits: {} }] } },
      ['spec.containers[1].imagee', 'spec.containers[1].limits'],
    ],
    [
      'nested lists',
      DEPLOYMENT,
      deployment({
        template: { spec: { containers: [{ name: 'a', ports: [{ containerPort: 80, hostPortt: 1 }] }] } },
      }),
      ['spec.template.spec.containers[0].ports[0].hostPortt'],
    ],
    ['unknown metadata fields', POD, { metadata: { name: 'p', lables: {} }, spec: { containers: [] } }, ['metadata.lables']],
    ['unknown top-level fields', POD, { apiVersion: 'v1', kind: 'Pod', specs: {} }, ['specs']],
    [
      'values of maps of structs',
      CRD,
      {
        spec: {
          group: 'g',
          names: { plural: 'foos', kind: 'Foo' },
          scope: 'Namespaced',
          versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { a: { type: 'string', bogus: 1 } } } } }],
        },
      },
      ['spec.versions[0].schema.openAPIV3Schema.properties.a.bogus'],
    ],
    ['free-form (any) fields keep everything', 'io.k8s.api.apps.v1.ControllerRevision', { revision: 1, data: { anything: { goes: 1 } } }, []],
    ['free-form managedFields.fieldsV1', POD, { metadata: { managedFields: [{ fieldsV1: { 'f:spec': {} } }] } }, []],
    ['CRD x-kubernetes-* schema extensions', CRD, { spec: { versions: [{ schema: { openAPIV3Schema: { 'x-kubernetes-preserve-unknown-fields': true } } }] } }, []],
    ['labels and annotations are maps, never unknown', POD, { metadata: { labels: { anything: 'x' }, annotations: { 'a/b': 'c' } } }, []],
  ])('%s', (_name, type, obj, unknown) => {
    expect(checkFields(builtinSchemas, type, obj).unknown).toEqual(unknown);
  });
});

describe('checkFields: type errors', () => {
  it.each([
    ['a string replicas', deployment({ replicas: 'abc' }), 'spec.replicas', 'string', 'integer'],
    ['a fractional replicas', deployment({ replicas: 1.5 }), 'spec.replicas', 'number', 'integer'],
    ['a list where an object belongs', deployment({ selector: [] }), 'spec.selector', 'array', 'object'],
    ['a number where a string belongs', deployment({ template: { spec: { containers: [{ name: 1 }] } } }), 'spec.template.spec.containers[0].name', 'integer', 'string'],
    ['an object where a list belongs', deployment({ template: { spec: { containers: {} } } }), 'spec.template.spec.containers', 'object', 'array'],
    ['a boolean where an int-or-string belongs', deployment({ strategy: { rollingUpdate: { maxSurge: true } } }), 'spec.strategy.rollingUpdate.maxSurge', 'boolean', 'integer,string'],
  ])('%s', (_name, obj, field, actual, wanted) => {
    expect(checkFields(builtinSchemas, DEPLOYMENT, obj).typeErrors).toEqual([
      {
        reason: 'FieldValueTypeInvalid',
        field,
        message: `Invalid value: "${actual}": ${field} in body must be of type ${wanted}: "${actual}"`,
      },
    ]);
  });

  it.each([
    ['quantities as strings', { resources: { limits: { cpu: '500m', memory: '1Gi' } } }],
    ['quantities as numbers', { resources: { requests: { cpu: 1 } } }],
    ['int-or-string as a name', { ports: [{ containerPort: 80 }], livenessProbe: { httpGet: { port: 'http' } } }],
    ['int-or-string as a number', { livenessProbe: { httpGet: { port: 8080 } } }],
    ['null anywhere', { image: null, env: null }],
  ])('accepts %s', (_name, container) => {
    const obj = deployment({ template: { spec: { containers: [{ name: 'a', ...container }] } } });
    expect(checkFields(builtinSchemas, DEPLOYMENT, obj)).toEqual({ unknown: [], typeErrors: [] });
  });

  it('accepts RFC 3339 strings for time fields and rejects numbers', () => {
    expect(checkFields(builtinSchemas, POD, { metadata: { creationTimestamp: '2024-01-01T00:00:00Z' } }).typeErrors).toEqual([]);
    expect(checkFields(builtinSchemas, POD, { metadata: { creationTimestamp: 5 } }).typeErrors[0]?.field).toBe('metadata.creationTimestamp');
  });
});

describe('pruneUnknownFields', () => {
  it('drops unknown fields at every depth and reports them', () => {
    const obj = deployment({ replicass: 3, template: { spec: { containers: [{ name: 'a', imagee: 'x' }] } } });
    const before = structuredClone(obj);
    const { object, pruned } = pruneUnknownFields(builtinSchemas, DEPLOYMENT, obj);
    // document order: `template` precedes `replicass` in the body
    expect(pruned).toEqual(['spec.template.spec.containers[0].imagee', 'spec.replicass']);
    expect(object).toEqual(deployment({ template: { spec: { containers: [{ name: 'a' }] } } }));
    expect(obj).toEqual(before); // input untouched
  });

  it('keeps free-form values whole', () => {
    const obj = { revision: 1, data: { x: { y: [1, { z: 2 }] } }, extra: 1 };
    expect(pruneUnknownFields(builtinSchemas, 'io.k8s.api.apps.v1.ControllerRevision', obj)).toEqual({
      object: { revision: 1, data: { x: { y: [1, { z: 2 }] } } },
      pruned: ['extra'],
    });
  });
});

describe('strict field validation errors', () => {
  it('create/update: 400 BadRequest worded as transformDecodeError words it', () => {
    const err = strictFieldError(['spec.replicass', 'spec.foo'], { kind: 'Deployment', version: 'v1' });
    expect(err).toBeInstanceOf(ApiError);
    expect(err.toStatus()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      reason: 'BadRequest',
      code: 400,
      message: 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicass", unknown field "spec.foo"',
    });
  });

  it('without a kind: the bare decoding error', () => {
    expect(strictFieldError(['spec.foo']).message).toBe('strict decoding error: unknown field "spec.foo"');
  });

  it('patch: 422 Invalid on the field "patch"', () => {
    const err = strictPatchError(['spec.foo'], '{"spec":{"foo":1}}');
    expect(err.code).toBe(422);
    expect(err.reason).toBe('Invalid');
    expect(err.details?.causes).toEqual([
      { reason: 'FieldValueInvalid', field: 'patch', message: 'Invalid value: "{\\"spec\\":{\\"foo\\":1}}": strict decoding error: unknown field "spec.foo"' },
    ]);
  });
});
