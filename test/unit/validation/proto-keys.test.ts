import { describe, expect, it } from 'vitest';
import type { Json, KubeObject, StoredObject } from '../../../shared/api/object';
import { BUILTIN_RESOURCES } from '../../../shared/api/registry';
import { admitCreate } from '../../../shared/apiserver/admission';
import { admitApplyCreate, admitPatch, admitReplace } from '../../../shared/apiserver/store-writes';
import type { PatchType } from '../../../shared/apiserver/store-protocol';

/**
 * Keys that name Object.prototype members are ordinary ConfigMap and Secret keys upstream
 * (IsConfigMapKey allows them). Every write path must keep them as own keys and never touch a prototype.
 */
const KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
const CONFIGMAPS = BUILTIN_RESOURCES.find((d) => d.kind === 'ConfigMap')!;
const SECRETS = BUILTIN_RESOURCES.find((d) => d.kind === 'Secret')!;
const ctx = () => ({ now: '2024-01-01T00:00:00Z', newUid: () => 'uid-1', rand: () => 0.5 });

/** A JSON text parsed as a request body: `__proto__` arrives as an own key, as JSON.parse makes it. */
const body = <T = KubeObject>(text: string): T => JSON.parse(text) as T;
const dataOf = (keys: string[], value: (k: string) => string) => `{${keys.map((k) => `"${k}":"${value(k)}"`).join(',')}}`;

function roundTrip(o: KubeObject): unknown {
  return JSON.parse(JSON.stringify(o));
}

function stored(): StoredObject {
  const cm = body(`{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":${dataOf(KEYS, (k) => `v-${k}`)}}`);
  const obj = admitCreate(CONFIGMAPS, cm, 'team', ctx(), { version: 'v1', fieldManager: 'test' }).object as StoredObject;
  obj.metadata.resourceVersion = '1';
  return obj;
}

const expectedData = (value: (k: string) => string) => Object.fromEntries(KEYS.map((k) => [k, value(k)]));

describe('ConfigMap keys named after Object.prototype members', () => {
  it('are accepted and stored as own keys on create', () => {
    const obj = stored();
    expect(Object.getPrototypeOf(obj.data)).toBe(Object.prototype);
    expect(roundTrip(obj)).toMatchObject({ data: expectedData((k) => `v-${k}`) });
    expect(({} as Record<string, unknown>)['v-__proto__']).toBeUndefined();
  });

  it('survive a PUT', () => {
    const next = body<KubeObject>(`{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":${dataOf(KEYS, (k) => `w-${k}`)}}`);
    const obj = admitReplace({ def: CONFIGMAPS, name: 'c', object: next, target: 'main', version: 'v1', fieldManager: 'test' } as never, stored(), ctx()).object;
    expect(roundTrip(obj)).toMatchObject({ data: expectedData((k) => `w-${k}`) });
  });

  const patches: [PatchType, Json][] = [
    ['json', body(`[${KEYS.map((k) => `{"op":"replace","path":"/data/${k}","value":"p-${k}"}`).join(',')}]`)],
    ['merge', body(`{"data":${dataOf(KEYS, (k) => `p-${k}`)}}`)],
    ['strategic', body(`{"data":${dataOf(KEYS, (k) => `p-${k}`)}}`)],
    ['apply', body(`{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":${dataOf(KEYS, (k) => `p-${k}`)}}`)],
  ];
  it.each(patches)('survive a %s patch that changes them', (patchType, patch) => {
    const obj = admitPatch({ def: CONFIGMAPS, name: 'c', patchType, patch, target: 'main', version: 'v1', fieldManager: 'test', force: true } as never, stored(), ctx()).object;
    expect(Object.getPrototypeOf(obj.data)).toBe(Object.prototype);
    expect(roundTrip(obj)).toMatchObject({ data: expectedData((k) => `p-${k}`) });
  });

  it.each([
    ['json', body(`[{"op":"remove","path":"/data/__proto__"},{"op":"remove","path":"/data/constructor"}]`)],
    ['merge', body(`{"data":{"__proto__":null,"constructor":null}}`)],
    ['strategic', body(`{"data":{"__proto__":null,"constructor":null}}`)],
  ] as [PatchType, Json][])('can be removed by a %s patch', (patchType, patch) => {
    const obj = admitPatch({ def: CONFIGMAPS, name: 'c', patchType, patch, target: 'main', version: 'v1', fieldManager: 'test' } as never, stored(), ctx()).object;
    expect(Object.keys(obj.data as object).sort()).toEqual(['hasOwnProperty', 'toString', 'valueOf']);
  });

  it.each(patches)('are added by a %s patch to an object without them', (patchType, patch) => {
    const empty = admitCreate(CONFIGMAPS, body('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"x":"1"}}'), 'team', ctx(), { version: 'v1' }).object as StoredObject;
    empty.metadata.resourceVersion = '1';
    const add = patchType === 'json' ? (patch as { op: string }[]).map((op) => ({ ...op, op: 'add' })) : patch;
    const obj = admitPatch({ def: CONFIGMAPS, name: 'c', patchType, patch: add, target: 'main', version: 'v1', fieldManager: 'test', force: true } as never, empty, ctx()).object;
    expect(Object.getPrototypeOf(obj.data)).toBe(Object.prototype);
    expect(roundTrip(obj)).toMatchObject({ data: expectedData((k) => `p-${k}`) });
  });

  it('are created by server-side apply', () => {
    const patch = body(`{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":${dataOf(KEYS, (k) => `a-${k}`)}}`);
    const obj = admitApplyCreate({ def: CONFIGMAPS, name: 'c', patchType: 'apply', patch, target: 'main', version: 'v1', fieldManager: 'test' } as never, 'team', ctx()).object;
    expect(roundTrip(obj)).toMatchObject({ data: expectedData((k) => `a-${k}`) });
    const fields = JSON.stringify(obj.metadata?.managedFields?.[0]?.fieldsV1);
    for (const k of KEYS) expect(fields).toContain(`"f:${k}"`);
  });
});

describe('Secret stringData', () => {
  it('is merged into data as base64, overriding the same key, and never stored', () => {
    const secret = body(`{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"data":{"a":"b2xk","keep":"a2VlcA=="},"stringData":{"a":"new","__proto__":"p","u":"wörld"}}`);
    const obj = admitCreate(SECRETS, secret, 'team', ctx(), { version: 'v1' }).object;
    expect(obj.stringData).toBeUndefined();
    expect(roundTrip(obj)).toMatchObject({ data: body('{"a":"bmV3","keep":"a2VlcA==","__proto__":"cA==","u":"d8O2cmxk"}') });
    expect(Object.keys(obj.data as object)).toEqual(['a', 'keep', '__proto__', 'u']);
  });

  it('keys are validated as data keys', () => {
    const secret = body(`{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"stringData":{"bad key":"x"}}`);
    expect(() => admitCreate(SECRETS, secret, 'team', ctx(), { version: 'v1' })).toThrow(
      'Secret "s" is invalid: data[bad key]: Invalid value: "bad key": a valid config key must consist of alphanumeric characters, \'-\', \'_\' or \'.\' (e.g. \'key.name\',  or \'KEY_NAME\',  or \'key-name\', regex used for validation is \'[-._a-zA-Z0-9]+\')',
    );
  });
});

describe('a __proto__ key holding an object pollutes nothing', () => {
  const evil = '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}';
  const cases: [string, PatchType, string][] = [
    ['json add', 'json', `[{"op":"add","path":"/metadata/labels","value":${evil}},{"op":"add","path":"/data/__proto__","value":{"polluted":"yes"}},{"op":"add","path":"/data/__proto__/polluted","value":"yes"}]`],
    ['merge', 'merge', `{"metadata":${evil},"data":${evil}}`],
    ['strategic', 'strategic', `{"metadata":${evil},"data":${evil}}`],
    ['apply', 'apply', `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":${evil}},"data":${evil}}`],
  ];
  it.each(cases)('%s', (_, patchType, text) => {
    try {
      admitPatch({ def: CONFIGMAPS, name: 'c', patchType, patch: body(text), target: 'main', version: 'v1', fieldManager: 'test' } as never, stored(), ctx());
    } catch {
      // a 4xx is fine (data values must be strings); what matters is what the attempt touched
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('create and update', () => {
    const text = `{"apiVersion":"v1","kind":"ConfigMap","metadata":${evil.slice(0, -1)},"name":"c"},"data":${evil}}`;
    expect(() => admitCreate(CONFIGMAPS, body(text), 'team', ctx(), { version: 'v1' })).toThrow();
    expect(() => admitReplace({ def: CONFIGMAPS, name: 'c', object: body(text), target: 'main', version: 'v1' } as never, stored(), ctx())).toThrow();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});
