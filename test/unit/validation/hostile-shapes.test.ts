import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors';
import type { Json, KubeObject, StoredObject } from '../../../shared/api/object';
import { BUILTIN_RESOURCES, type ResourceDef } from '../../../shared/api/registry';
import type { FieldSchema } from '../../../shared/api/schema-types';
import { admitCreate } from '../../../shared/apiserver/admission';
import { admitPatch, admitReplace } from '../../../shared/apiserver/store-writes';
import type { PatchType } from '../../../shared/apiserver/store-protocol';
import { builtinSchemas } from '../../../shared/openapi';
import { toTable } from '../../../shared/tables';
import { HOSTILE_BASES } from './hostile-fixtures';

/**
 * Hostile shapes for every built-in kind: each field of a valid object (and each field its schema
 * declares one level below a present object) is replaced by values of the wrong shape, and the
 * result is sent through create, update and all four patch types. Every answer must be a success
 * or a 4xx ApiError; a TypeError (which the Worker would turn into a 500) fails the test.
 */

const HOSTILE: Json[] = [null, 'x', '', 7, 1.5, 1e300, -1, 2147483648, true, [], [null], ['x'], [7], [[]], {}, { a: null }, { a: {} }, [{}]];
/** The shapes that reach different code in the patch engines; the others go through creates and updates only. */
const HOSTILE_PATCH: Json[] = [null, 'x', [null], [{}], {}];


type Path = (string | number)[];

const ctx = () => {
  let n = 0;
  return { now: '2024-01-01T00:00:00Z', newUid: () => `uid-${++n}`, rand: () => 0.5 };
};

/** Paths of every node of `value`, and of schema fields absent one level below a present struct. */
function paths(field: FieldSchema, value: unknown, at: Path, out: Path[], depth: number): void {
  if (depth > 12) return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push([...at, i]);
      if (field.items) paths(field.items, v, [...at, i], out, depth + 1);
    });
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const entries = Object.entries(value as Record<string, unknown>);
  if (field.kind === 'map') {
    for (const [k, v] of entries) {
      out.push([...at, k]);
      if (field.values) paths(field.values, v, [...at, k], out, depth + 1);
    }
    out.push([...at, '__proto__'], [...at, 'constructor']);
    return;
  }
  const type = field.ref ? builtinSchemas.type(field.ref) : undefined;
  const fields = type?.fields ?? {};
  for (const name of new Set([...Object.keys(fields), ...entries.map(([k]) => k)])) {
    out.push([...at, name]);
    const f = fields[name];
    if (f && name in (value as object)) paths(f, (value as Record<string, unknown>)[name], [...at, name], out, depth + 1);
  }
}

/** Paths more than two levels into a pod template's spec: the Pod row covers the same PodSpec code. */
function deepInPodTemplate(path: Path): boolean {
  for (let i = 0; i + 1 < path.length; i++) if (path[i] === 'template' && path[i + 1] === 'spec') return path.length > i + 4;
  return false;
}

function setPath(obj: unknown, path: Path, v: unknown): KubeObject {
  const copy = structuredClone(obj) as Record<string | number, unknown>;
  let cur: Record<string | number, unknown> = copy;
  for (const k of path.slice(0, -1)) {
    // the stored object may lack what the base carries (Secret stringData is merged away)
    if (typeof cur[k] !== 'object' || cur[k] === null) cur[k] = {};
    cur = cur[k] as Record<string | number, unknown>;
  }
  Object.defineProperty(cur, path[path.length - 1]!, { value: structuredClone(v), enumerable: true, writable: true, configurable: true });
  return copy as KubeObject;
}

/** The mutation as a patch document that sets the same value (for merge, strategic and apply). */
function patchFor(path: Path, v: Json): Json {
  let doc: Json = v;
  for (let i = path.length - 1; i >= 0; i--) {
    const k = path[i]!;
    if (typeof k === 'number') return null; // list items cannot be addressed by a merge patch
    const o: Record<string, Json> = {};
    Object.defineProperty(o, k, { value: doc, enumerable: true, writable: true, configurable: true });
    doc = o;
  }
  return doc;
}

function pointer(path: Path): string {
  return '/' + path.map((k) => String(k).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

/** Runs `fn`; returns a description of anything but a success or a 4xx ApiError. */
function outcome(fn: () => KubeObject | undefined, def: ResourceDef): string | undefined {
  let obj: KubeObject | undefined;
  try {
    obj = fn();
  } catch (e) {
    if (e instanceof ApiError && e.code >= 400 && e.code < 500) return undefined;
    return e instanceof ApiError ? `${e.code} ${e.message}` : String((e as Error)?.stack ?? e).split('\n').slice(0, 3).join(' | ');
  }
  // what was admitted must also render as a table row (kubectl get)
  try {
    if (obj) toTable(def.group, def.kind, [obj], { now: 0 });
  } catch (e) {
    return `table: ${String((e as Error)?.stack ?? e).split('\n').slice(0, 3).join(' | ')}`;
  }
  return undefined;
}

const defs = BUILTIN_RESOURCES.filter((d) => HOSTILE_BASES[`${d.group}/${d.kind}`]);

describe('hostile shapes through admission', () => {
  it('covers every built-in kind with a schema, except CRDs (validated by their own schema code)', () => {
    const missing = BUILTIN_RESOURCES.filter((d) => d.typeNames && !d.crd && d.group !== 'apiextensions.k8s.io' && !HOSTILE_BASES[`${d.group}/${d.kind}`]);
    expect(missing.map((d) => `${d.group}/${d.kind}`)).toEqual([]);
  });

  it.each(defs.map((d) => [`${d.group}/${d.kind}`, d] as const))('%s', { timeout: 60_000 }, (_, def) => {
    const version = def.storageVersion;
    const base = HOSTILE_BASES[`${def.group}/${def.kind}`]!;
    const namespace = def.namespaced ? 'team' : undefined;
    const stored = admitCreate(def, base, namespace, ctx(), { version, fieldManager: 'test' }).object as StoredObject;
    stored.metadata.resourceVersion = '5';
    const all: Path[] = [];
    paths({ kind: 'object', ref: def.typeNames![version] }, base, [], all, 0);
    const failures: string[] = [];
    const check = (label: string, fn: () => KubeObject | undefined) => {
      const f = outcome(fn, def);
      if (f) failures.push(`${label}: ${f}`);
    };
    const name = stored.metadata.name;
    for (const path of all.filter((p) => def.kind === 'Pod' || !deepInPodTemplate(p))) {
      for (const v of HOSTILE) {
        const label = `${pointer(path)} = ${JSON.stringify(v)}`;
        const body = setPath(base, path, v);
        check(`create ${label}`, () => admitCreate(def, body, namespace, ctx(), { version, fieldManager: 'test' }).object);
        check(`update ${label}`, () => admitReplace({ def, name, object: setPath(stored, path, v), target: 'main', version, fieldManager: 'test' } as never, stored, ctx()).object);
        if (!HOSTILE_PATCH.includes(v)) continue;
        check(`json patch ${label}`, () =>
          admitPatch({ def, name, patchType: 'json', patch: [{ op: 'add', path: pointer(path), value: v }], target: 'main', version } as never, stored, ctx()).object,
        );
        const doc = patchFor(path, v);
        if (doc === null) continue;
        for (const patchType of ['merge', 'strategic', 'apply'] as PatchType[]) {
          const patch = patchType === 'apply' ? { apiVersion: base.apiVersion, kind: base.kind, ...(doc as object), metadata: { name, ...(((doc as Record<string, Json>).metadata as object) ?? {}) } } : doc;
          check(`${patchType} ${label}`, () => admitPatch({ def, name, patchType, patch, target: 'main', version, fieldManager: 'test', force: true } as never, stored, ctx()).object);
        }
      }
    }
    const unique = [...new Set(failures.map((f) => f.replace(/^\S+ /, '').replace(/ = .*?: /, ': ')))];
    expect({ count: failures.length, sample: failures.slice(0, 30), distinct: unique.slice(0, 30) }).toEqual({ count: 0, sample: [], distinct: [] });
  });
});
