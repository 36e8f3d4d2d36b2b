import type { StatusCause } from '../api/errors';
import { isPlainObject } from '../api/object';
import { validateContainerCommon } from './container';
import { child, duplicate, forbidden, index, notFound, type FieldPath } from './field-error';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (isPlainObject(v) ? v : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

const NOT_FOR_EPHEMERAL = 'cannot be set for an Ephemeral Container';

/**
 * The EphemeralContainerCommon fields upstream's allowedEphemeralContainerFields refuses, in the
 * struct's order (validateFieldAllowList walks the struct): probes, lifecycle, ports, resources.
 */
const DISALLOWED = ['ports', 'resources', 'resizePolicy', 'restartPolicy', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle'] as const;

/** Go's zero value as decoded JSON sees it: absent or null; `resources` is a struct, so `{}` is zero too. */
function isZero(field: (typeof DISALLOWED)[number], value: unknown): boolean {
  if (value === undefined || value === null) return true;
  return field === 'resources' && isPlainObject(value) && Object.values(value).every((v) => v === undefined || v === null);
}

/**
 * validateEphemeralContainers: each is checked as any container is, its name unique across every
 * container of the pod, its targetContainerName one of the pod's (non-ephemeral) containers, and none
 * of the fields a workload relies on (ports, probes, resources, lifecycle) nor a volume subPath.
 * @example validateEphemeralContainers({ containers: [{ name: 'app' }], ephemeralContainers: [{ name: 'app', … }] }, 'spec.ephemeralContainers', new Set())
 * // [{ reason: 'FieldValueDuplicate', message: 'Duplicate value: "app"', field: 'spec.ephemeralContainers[0].name' }]
 */
export function validateEphemeralContainers(spec: Obj, path: FieldPath, volumeNames: Set<string>): StatusCause[] {
  const ephemeral = list(spec['ephemeralContainers']);
  if (!ephemeral.length) return [];
  const others = new Set([...list(spec['containers']), ...list(spec['initContainers'])].map((c) => str(obj(c)['name'])));
  const all = new Set(others);
  const errs: StatusCause[] = [];
  ephemeral.forEach((raw, i) => {
    const c = obj(raw);
    const p = index(path, i);
    errs.push(...validateContainerCommon(c, p, volumeNames));
    const name = str(c['name']);
    if (all.has(name)) errs.push(duplicate(child(p, 'name'), name));
    else all.add(name);
    const target = str(c['targetContainerName']);
    if (target && !others.has(target)) errs.push(notFound(child(p, 'targetContainerName'), target));
    for (const f of DISALLOWED) if (!isZero(f, c[f])) errs.push(forbidden(child(p, f), NOT_FOR_EPHEMERAL));
    list(c['volumeMounts']).forEach((m, j) => {
      for (const f of ['subPath', 'subPathExpr']) {
        if (str(obj(m)[f])) errs.push(forbidden(child(index(child(p, 'volumeMounts'), j), f), NOT_FOR_EPHEMERAL));
      }
    });
  });
  return errs;
}
