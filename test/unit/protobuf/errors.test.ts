import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors';
import { decodeKubernetesProtobuf, isKubernetesProtobuf, protobufKinds } from '../../../shared/protobuf';
import { body, message } from './encode';

const deployment = new Uint8Array(readFileSync(join(import.meta.dirname, 'fixtures', 'deployment.bin')));
const ns = message([[1, 'message', [[1, 'string', 'x']]]]);

function failure(input: Uint8Array): ApiError {
  try {
    decodeKubernetesProtobuf(input);
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

const cases: { name: string; input: Uint8Array; code: number; reason: string; message: RegExp }[] = [
  {
    name: 'empty body',
    input: new Uint8Array(),
    code: 400,
    reason: 'BadRequest',
    message: /^provided data does not appear to be a protobuf message, expected prefix \[107 56 115 0\]$/,
  },
  {
    name: 'a JSON body sent with the protobuf content type',
    input: new TextEncoder().encode('{"kind":"Namespace"}'),
    code: 400,
    reason: 'BadRequest',
    message: /does not appear to be a protobuf message/,
  },
  {
    name: 'a kind we have no table for (apps/v1 StatefulSet)',
    input: body('apps/v1', 'StatefulSet', new Uint8Array()),
    code: 415,
    reason: 'UnsupportedMediaType',
    message: /apps\/v1 StatefulSet cannot be sent as protobuf.*apps\/v1 Deployment.*send other kinds as application\/json/,
  },
  {
    name: 'a custom resource',
    input: body('example.com/v1', 'Widget', new Uint8Array()),
    code: 415,
    reason: 'UnsupportedMediaType',
    message: /^the body of the request was in an unknown format - example.com\/v1 Widget/,
  },
  {
    name: 'a known kind under another version',
    input: body('apps/v1beta1', 'Deployment', new Uint8Array()),
    code: 415,
    reason: 'UnsupportedMediaType',
    message: /apps\/v1beta1 Deployment/,
  },
  { name: 'an envelope without kind', input: body('v1', '', ns), code: 400, reason: 'BadRequest', message: /Object 'Kind' is missing/ },
  {
    name: 'a compressed raw object',
    input: body('v1', 'Namespace', ns, [[3, 'string', 'gzip']]),
    code: 415,
    reason: 'UnsupportedMediaType',
    message: /contentEncoding "gzip"/,
  },
  {
    name: 'a truncated kubectl body',
    input: deployment.subarray(0, deployment.length - 20),
    code: 400,
    reason: 'BadRequest',
    message: /^unable to decode protobuf envelope: /,
  },
  {
    name: 'a field with the wrong wire type (metadata as a varint)',
    input: body('v1', 'Namespace', message([[1, 'int32', 5]])),
    code: 400,
    reason: 'BadRequest',
    message: /^unable to decode protobuf Namespace: field 1: wire type 0, expected 2$/,
  },
  {
    name: 'a nested message cut short',
    input: body('v1', 'Namespace', new Uint8Array([0x0a, 0x05, 0x0a, 0x09, 0x61])),
    code: 400,
    reason: 'BadRequest',
    message: /^unable to decode protobuf Namespace: premature EOF$/,
  },
  {
    name: 'fieldsV1 that is not JSON',
    input: body('v1', 'Namespace', message([[1, 'message', [[17, 'message', [[7, 'message', [[1, 'bytes', new Uint8Array([123])]]]]]]]])),
    code: 400,
    reason: 'BadRequest',
    message: /embedded raw object is not JSON/,
  },
];

describe('decodeKubernetesProtobuf errors', () => {
  it.each(cases)('$name → $code $reason', ({ input, code, reason, message: pattern }) => {
    const e = failure(input);
    expect([e.code, e.reason]).toEqual([code, reason]);
    expect(e.message).toMatch(pattern);
  });

  it('never throws anything but ApiError on any truncation or single-byte corruption of a real body', () => {
    for (let cut = 0; cut < deployment.length; cut++) {
      expect(() => {
        try {
          decodeKubernetesProtobuf(deployment.subarray(0, cut));
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
        }
      }).not.toThrow();
    }
    for (let i = 4; i < deployment.length; i++) {
      for (const flip of [0x01, 0x80, 0xff]) {
        const corrupt = deployment.slice();
        corrupt[i] ^= flip;
        try {
          decodeKubernetesProtobuf(corrupt);
        } catch (e) {
          expect(e).toBeInstanceOf(ApiError);
        }
      }
    }
  });
});

describe('isKubernetesProtobuf', () => {
  it.each([
    ['application/vnd.kubernetes.protobuf', true],
    ['application/vnd.kubernetes.protobuf; charset=utf-8', true],
    ['Application/VND.Kubernetes.Protobuf', true],
    ['application/vnd.kubernetes.protobuf;stream=watch', true],
    ['application/json', false],
    ['', false],
    [null, false],
  ])('%s → %s', (contentType, expected) => expect(isKubernetesProtobuf(contentType)).toBe(expected));
});

describe('protobufKinds', () => {
  it('lists every kind kubectl 1.32 sends as protobuf', () => {
    expect(protobufKinds()).toEqual(
      expect.arrayContaining([
        'apps/v1 Deployment', 'v1 Namespace', 'v1 ConfigMap', 'v1 Secret', 'v1 ServiceAccount', 'v1 Service', 'v1 ResourceQuota',
        'batch/v1 Job', 'batch/v1 CronJob', 'autoscaling/v1 HorizontalPodAutoscaler', 'scheduling.k8s.io/v1 PriorityClass',
        'rbac.authorization.k8s.io/v1 Role', 'rbac.authorization.k8s.io/v1 RoleBinding', 'rbac.authorization.k8s.io/v1 ClusterRole',
        'rbac.authorization.k8s.io/v1 ClusterRoleBinding', 'policy/v1 PodDisruptionBudget', 'networking.k8s.io/v1 Ingress',
      ]),
    );
  });
});
