import { conflict, invalid } from '../api/errors';
import type { KubeObject, StoredObject } from '../api/object';
import { apiVersionOf, type ResourceDef } from '../api/registry';
import { applyDefaults } from '../defaults';
import { validateCreate, validateUpdate } from '../validation';
import { builtinSchemas, checkFields, pruneUnknownFields, strictFieldError, strictPatchError } from '../openapi';
import { trackUpdate } from '../patch';
import { toStorageVersion } from './conversion';
import { keepAllocatedValues } from './service-ip';
import { checkCustomObject } from './custom-resources';
import { validateKubeflareKind } from './kubeflare-kinds';
import { prepareCreate, prepareUpdate, type UpdateTarget, type WriteContext } from './object-meta';
import type { FieldValidation } from './store-protocol';

export interface AdmitOptions {
  version: string;
  fieldManager?: string;
  fieldValidation?: FieldValidation;
  /** Set when the body is the result of a PATCH: strict errors then name the patch (upstream's 422). */
  patchType?: string;
  patch?: unknown;
}

export interface Admitted {
  object: KubeObject;
  warnings: string[];
}

/**
 * Field validation of a request body against the kind's schema (upstream's fieldValidation):
 * Strict rejects unknown fields, Warn drops them with a warning, Ignore drops them silently.
 * Type errors are always rejected with 422.
 */
export function checkBody(def: ResourceDef, obj: KubeObject, opts: AdmitOptions): Admitted {
  if (def.crd) return checkCustomObject(def, obj, opts.version, opts.fieldValidation);
  const typeName = def.typeNames?.[opts.version];
  if (!typeName || !builtinSchemas.type(typeName)) return { object: obj, warnings: [] };
  const { unknown, typeErrors } = checkFields(builtinSchemas, typeName, obj);
  if (typeErrors.length) throw invalid(def.kind, def.group, obj.metadata?.name ?? '', typeErrors);
  if (unknown.length === 0) return { object: obj, warnings: [] };
  const mode = opts.fieldValidation ?? 'Warn';
  if (mode === 'Strict') {
    if (opts.patchType && opts.patchType !== 'apply') {
      // upstream quotes the patch for strategic merge, and the patched object for JSON and merge patches
      throw strictPatchError(unknown, JSON.stringify(opts.patchType === 'strategic' ? opts.patch : obj));
    }
    throw strictFieldError(unknown, { kind: def.kind, version: opts.version });
  }
  const pruned = pruneUnknownFields(builtinSchemas, typeName, obj).object as KubeObject;
  const warnings = mode === 'Warn' ? unknown.map((f) => `unknown field "${f}"`) : [];
  return { object: pruned, warnings };
}

function managerOf(opts: AdmitOptions): string {
  return opts.fieldManager ?? 'unknown';
}

function schemaArgs(def: ResourceDef) {
  return { schema: builtinSchemas, typeName: def.typeNames?.[def.storageVersion], ...(def.hasStatus ? {} : { resetFields: [] as string[][] }) };
}

/** Create: check the body, convert, default, stamp metadata, validate, record managed fields. */
export function admitCreate(def: ResourceDef, body: KubeObject, namespace: string | undefined, ctx: WriteContext, opts: AdmitOptions): Admitted {
  const checked = checkBody(def, body, opts);
  const stored = toStorageVersion(def, checked.object, opts.version);
  const defaulted = applyDefaults(def.group, def.storageVersion, def.kind, stored, { admission: true }) as KubeObject;
  const obj = prepareCreate(def, defaulted, namespace, ctx);
  const causes = [...validateCreate(def.group, def.kind, obj), ...validateKubeflareKind(def, obj)];
  if (causes.length) throw invalid(def.kind, def.group, obj.metadata?.name ?? '', causes);
  obj.metadata!.managedFields = trackUpdate(undefined, obj as never, {
    manager: managerOf(opts),
    operation: 'Update',
    apiVersion: apiVersionOf(def.group, opts.version),
    now: ctx.now,
    ...schemaArgs(def),
  }) as never;
  return { object: obj, warnings: checked.warnings };
}

/** Update (PUT or the result of a patch): keep server-owned parts, validate the change. */
export function admitUpdate(
  def: ResourceDef,
  old: StoredObject,
  body: KubeObject,
  target: UpdateTarget,
  ctx: WriteContext,
  opts: AdmitOptions & { skipBodyCheck?: boolean; skipManagedFields?: boolean },
): Admitted {
  // a resourceVersion in the body (PUT, or carried by a patch) is a precondition
  const rv = body.metadata?.resourceVersion;
  if (rv && rv !== old.metadata.resourceVersion) throw conflict(def.plural, def.group, old.metadata.name);
  const checked = opts.skipBodyCheck ? { object: body, warnings: [] } : checkBody(def, body, opts);
  const stored = toStorageVersion(def, checked.object, opts.version);
  const defaulted = applyDefaults(def.group, def.storageVersion, def.kind, stored, { admission: false }) as KubeObject;
  const kept = def.group === '' && def.kind === 'Service' ? keepAllocatedValues(old, defaulted) : defaulted;
  const obj = prepareUpdate(def, old, kept, target);
  const causes = [...validateUpdate(def.group, def.kind, obj, old), ...validateKubeflareKind(def, obj)];
  if (causes.length) throw invalid(def.kind, def.group, old.metadata.name, causes);
  if (!opts.skipManagedFields) {
    obj.metadata!.managedFields = trackUpdate(old as never, obj as never, {
      manager: managerOf(opts),
      operation: 'Update',
      apiVersion: apiVersionOf(def.group, opts.version),
      now: ctx.now,
      subresource: target === 'status' ? 'status' : undefined,
      ...schemaArgs(def),
    }) as never;
  }
  return { object: obj, warnings: checked.warnings };
}
