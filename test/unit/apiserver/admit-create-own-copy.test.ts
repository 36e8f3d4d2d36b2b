import { describe, expect, it } from 'vitest';
import { setOwn, type KubeObject } from '../../../shared/api/object';
import { BUILTIN_RESOURCES } from '../../../shared/api/registry';
import { admitCreate } from '../../../shared/apiserver/admission';
import { prepareCreate } from '../../../shared/apiserver/object-meta';
import { builtinSchemas, decodeBody } from '../../../shared/openapi';
import { sharedWith } from './shared-objects';

// A create copies its body once: admission's decoded copy is the write's own, so prepareCreate copies
// only its top level when decoding kept nothing of the request's (DecodedBody.shared).
const def = (group: string, kind: string) => BUILTIN_RESOURCES.find((d) => d.kind === kind && d.group === group)!;
const ctx = { now: '2024-01-01T00:00:00Z', newUid: () => 'u', rand: () => 0.5 };
const CONFIG_MAP = 'io.k8s.api.core.v1.ConfigMap';
const REVISION = 'io.k8s.api.apps.v1.ControllerRevision';

describe('decodeBody: whether the decoded object shares anything with the input', () => {
  it.each([
    ['a ConfigMap', CONFIG_MAP, { metadata: { name: 'c', labels: { a: 'b' } }, data: { k: 'v' }, binaryData: { b: 'AA==' } }, false, false],
    ['an unknown scalar kept', CONFIG_MAP, { metadata: { name: 'c' }, extra: 1 }, false, false],
    ['an unknown object dropped', CONFIG_MAP, { metadata: { name: 'c' }, extra: { a: 1 } }, true, false],
    ['an unknown object kept', CONFIG_MAP, { metadata: { name: 'c' }, extra: { a: 1 } }, false, true],
    ['an unknown list kept', CONFIG_MAP, { metadata: { name: 'c' }, extra: [1] }, false, true],
    ['an object where a string belongs', CONFIG_MAP, { metadata: { name: 'c' }, data: { k: { x: 1 } } }, false, true],
    ['a free-form object (RawExtension)', REVISION, { metadata: { name: 'r' }, revision: 1, data: { spec: {} } }, false, true],
    ['a free-form scalar', REVISION, { metadata: { name: 'r' }, revision: 1, data: 'x' }, false, false],
    ['nulls read as absent', CONFIG_MAP, { metadata: { name: 'c', labels: null }, data: null }, false, false],
  ])('%s', (_, typeName, body, prune, shared) => {
    const decoded = decodeBody(builtinSchemas, typeName, body, { prune });
    expect(decoded.shared).toBe(shared);
    if (shared) return;
    // nothing reachable from the decoded object is an object or array of the input
    expect(sharedWith(body, decoded.object)).toEqual([]);
  });
});

describe('prepareCreate on its own copy', () => {
  it('gives what the cloning path gives, key order included, and leaves the input alone', () => {
    const input: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { a: 'b' }, resourceVersion: '' }, data: { k: 'v' } };
    const sent = structuredClone(input);
    const cloned = prepareCreate(def('', 'ConfigMap'), input, 'team', ctx);
    const own = prepareCreate(def('', 'ConfigMap'), input, 'team', ctx, true);
    expect(JSON.stringify(own)).toBe(JSON.stringify(cloned));
    expect(own).not.toBe(input);
    expect(input).toEqual(sent);
  });
});

describe('admitCreate copies a body once when decoding made it the write\'s own', () => {
  const admit = (group: string, kind: string, body: KubeObject, fieldValidation: 'Strict' | 'Warn' | 'Ignore' = 'Strict') =>
    admitCreate(def(group, kind), body, 'team', ctx, { version: def(group, kind).storageVersion, fieldManager: 'm', fieldValidation });

  it.each([
    ['a ConfigMap', '', 'ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { a: 'b' } }, data: { k: 'v' } }],
    ['a ControllerRevision (free-form data: copied as before)', 'apps', 'ControllerRevision', { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'r' }, revision: 1, data: { spec: { a: [1] } } }],
    ['a Pod (defaulted: copied as before)', '', 'Pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } }],
  ])('%s: nothing in the result is the request body\'s', (_, group, kind, body) => {
    const sent = structuredClone(body) as KubeObject;
    const admitted = admit(group, kind, body as KubeObject).object;
    expect(body).toEqual(sent);
    expect(sharedWith(body, admitted)).toEqual([]);
  });

  it.each(['Strict', 'Warn', 'Ignore'] as const)('the object the cloning path admitted, byte for byte (fieldValidation %s)', (mode) => {
    const body = (): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { a: 'b' }, annotations: {} }, data: { k: 'v', e: '' }, immutable: false });
    // the text is what admitCreate gave before this path existed (every body structured-cloned by prepareCreate)
    const a = admit('', 'ConfigMap', body(), mode);
    expect(JSON.stringify(a.object)).toMatchInlineSnapshot(
      `"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"a":"b"},"namespace":"team","uid":"u","creationTimestamp":"2024-01-01T00:00:00Z","managedFields":[{"manager":"m","operation":"Update","apiVersion":"v1","time":"2024-01-01T00:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:data":{".":{},"f:e":{},"f:k":{}},"f:immutable":{},"f:metadata":{"f:labels":{".":{},"f:a":{}}}}}]},"data":{"k":"v","e":""},"immutable":false}"`,
    );
  });
});

describe('setOwn', () => {
  const reference = (obj: object, key: string, value: unknown) => Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  it.each(['a', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '0', ''])('sets %j as defineProperty does', (key) => {
    for (const make of [() => ({ x: 1 }) as Record<string, unknown>, () => Object.create(null) as Record<string, unknown>, () => ({ [key]: 'old', x: 1 }) as Record<string, unknown>]) {
      const [a, b] = [make(), make()];
      setOwn(a, key, 'v');
      reference(b, key, 'v');
      expect(Object.getPrototypeOf(a)).toBe(Object.getPrototypeOf(b));
      expect(Reflect.ownKeys(a)).toEqual(Reflect.ownKeys(b));
      expect(Object.getOwnPropertyDescriptor(a, key)).toEqual(Object.getOwnPropertyDescriptor(b, key));
    }
  });
});
