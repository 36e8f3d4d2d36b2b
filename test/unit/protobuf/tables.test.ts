import { describe, expect, it } from 'vitest';
import { messageRegistry, parseFieldSpec, PROTOBUF_KINDS } from '../../../shared/protobuf';

describe('parseFieldSpec', () => {
  const base = { inline: false, map: false, repeated: false, pointer: false, keepEmpty: false };
  it.each([
    ['name', { ...base, json: 'name', value: { scalar: 'string' } }],
    ['name!', { ...base, json: 'name', value: { scalar: 'string' }, keepEmpty: true }],
    ['replicas:i?', { ...base, json: 'replicas', value: { scalar: 'int32' }, pointer: true }],
    ['generation:l', { ...base, json: 'generation', value: { scalar: 'int64' } }],
    ['verbs*!', { ...base, json: 'verbs', value: { scalar: 'string' }, repeated: true, keepEmpty: true }],
    ['ports:ContainerPort*', { ...base, json: 'ports', value: { message: 'ContainerPort' }, repeated: true }],
    ['labels:{}', { ...base, json: 'labels', value: { scalar: 'string' }, map: true }],
    ['data:{y}', { ...base, json: 'data', value: { scalar: 'bytes' }, map: true }],
    ['limits:{Quantity}', { ...base, json: 'limits', value: { message: 'Quantity' }, map: true }],
    ['^:VolumeSource', { ...base, json: '', inline: true, value: { message: 'VolumeSource' } }],
    ['selector:LabelSelector?!', { ...base, json: 'selector', value: { message: 'LabelSelector' }, pointer: true, keepEmpty: true }],
  ])('%s', (spec, expected) => expect(parseFieldSpec(spec)).toEqual(expected));

  it.each(['', 'a:', 'a:{', 'a b', 'a:i#'])('rejects malformed %j', (spec) => expect(() => parseFieldSpec(spec)).toThrow(/malformed/));
});

describe('messageRegistry', () => {
  it('compiles every table, every message reference resolving', () => {
    expect(messageRegistry().size).toBeGreaterThan(200);
  });

  it('has a message for every kind we accept', () => {
    for (const kinds of Object.values(PROTOBUF_KINDS)) {
      for (const kind of kinds) expect(messageRegistry().get(kind)?.get(1)?.json, kind).toBe('metadata');
    }
  });

  // Spot checks against upstream k8s.io/api generated.proto (field numbers never change once released).
  it.each([
    ['ObjectMeta', 11, 'labels'],
    ['ObjectMeta', 12, 'annotations'],
    ['ObjectMeta', 13, 'ownerReferences'],
    ['ObjectMeta', 14, 'finalizers'],
    ['Container', 6, 'ports'],
    ['Container', 8, 'resources'],
    ['PodSpec', 2, 'containers'],
    ['PodSpec', 8, 'serviceAccountName'],
    ['DeploymentSpec', 1, 'replicas'],
    ['ServicePort', 4, 'targetPort'],
    ['HorizontalPodAutoscalerSpec', 4, 'targetCPUUtilizationPercentage'],
    ['Secret', 2, 'data'],
    ['ConfigMap', 3, 'binaryData'],
    ['CronJobSpec', 1, 'schedule'],
    ['BoundObjectReference', 4, 'uid'],
  ])('%s field %i is %s', (message, no, json) => expect(messageRegistry().get(message)?.get(no)?.json).toBe(json));
});
