import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors';
import { decodePatchBody } from '../../../shared/patch';

function thrown(f: () => unknown): ApiError {
  try {
    f();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

describe('decodePatchBody', () => {
  it.each([
    ['application/json-patch+json', '[{"op":"remove","path":"/a"}]', 'json', [{ op: 'remove', path: '/a' }]],
    ['application/merge-patch+json', '{"spec":{"replicas":3}}', 'merge', { spec: { replicas: 3 } }],
    ['application/merge-patch+json; charset=utf-8', '{"a":1}', 'merge', { a: 1 }],
    ['application/strategic-merge-patch+json', '{"spec":{"unschedulable":true}}', 'strategic', { spec: { unschedulable: true } }],
    ['application/strategic-merge-patch+json', 'null', 'strategic', {}],
    ['application/apply-patch+yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: "1"\n', 'apply', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: '1' } }],
    ['application/apply-patch+yaml', '{"apiVersion":"v1","kind":"ConfigMap"}', 'apply', { apiVersion: 'v1', kind: 'ConfigMap' }],
  ])('%s', (type, body, strategy, patch) => {
    expect(decodePatchBody(type, body)).toEqual({ strategy, patch });
  });

  it('answers unknown media types with upstream 415', () => {
    const e = thrown(() => decodePatchBody('application/json', '{}'));
    expect(e.code).toBe(415);
    expect(e.reason).toBe('UnsupportedMediaType');
    expect(e.message).toBe(
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json',
    );
  });

  it('lists only the accepted types (custom resources take no strategic merge patch)', () => {
    const e = thrown(() =>
      decodePatchBody('application/strategic-merge-patch+json', '{}', [
        'application/json-patch+json',
        'application/merge-patch+json',
        'application/apply-patch+yaml',
      ]),
    );
    expect(e.message).toBe(
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    );
  });

  it.each([
    ['application/merge-patch+json', 'not json', 'Invalid JSON Patch'],
    ['application/merge-patch+json', 'null', 'Invalid JSON Patch'],
    ['application/merge-patch+json', '[1]', 'error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}'],
    ['application/strategic-merge-patch+json', 'xyz', "invalid character 'x' looking for beginning of value"],
    ['application/strategic-merge-patch+json', '', 'unexpected end of JSON input'],
    ['application/strategic-merge-patch+json', '[]', 'json: cannot unmarshal array into Go value of type map[string]interface {}'],
    ['application/json-patch+json', 'xyz', "invalid character 'x' looking for beginning of value"],
    ['application/apply-patch+yaml', '- a\n- b\n', 'error decoding YAML: json: cannot unmarshal array into Go value of type map[string]interface {}'],
  ])('%s %j → 400', (type, body, message) => {
    const e = thrown(() => decodePatchBody(type, body));
    expect(e.code).toBe(400);
    expect(e.reason).toBe('BadRequest');
    expect(e.message).toBe(message);
  });

  it('rejects malformed YAML with a 400 naming the YAML error', () => {
    const e = thrown(() => decodePatchBody('application/apply-patch+yaml', 'a: [1, 2\nb: c'));
    expect(e.code).toBe(400);
    expect(e.message).toMatch(/^error decoding YAML: error converting YAML to JSON: yaml: /);
  });
});
