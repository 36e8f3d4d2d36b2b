import { conflict, invalid } from '../api/errors';
import { isPlainObject, type KubeObject, type StoredObject } from '../api/object';
import { apiVersionOf, type ResourceDef } from '../api/registry';
import { applyDefaults, applyDefaultsInPlace, hasDefaults, type DefaultsOptions } from '../defaults';
import { validateCreate, validateUpdate } from '../validation';
import { validatePodEphemeralContainersUpdate } from '../validation/pod';
import { builtinSchemas, decodeBody, decodeError, strictFieldError, strictPatchError } from '../openapi';
import { trackUpdate } from '../patch';
import { toStorageVersion } from './conversion';
import { keepAllocatedValues } from './service-ip';
import { keepAllocatedNodePorts } from './node-port';
import { checkCustomObject } from './custom-resources';
import { mutateKubeflareKind, validateKubeflareKind } from './kubeflare-kinds';
import { prepareCreate, prepareUpdate, type UpdateTarget, type WriteContext } from './object-meta';
import type { FieldValidation } from './store-protocol';

export interface AdmitOptions {
  version: string;
  fieldManager?: string;
  fieldValidation?: FieldValidation;
  /** Set when the body is the result of a PATCH: strict errors then name the patch (upstream's 422). */
  patchType?: string;
  patch?: unknown;
  /** A new Pod's ServiceAccount by name, from the namespace's store (the ServiceAccount admission plugin reads it). */
  serviceAccount?: DefaultsOptions['serviceAccount'];
}

export interface Admitted {
  object: KubeObject;
  warnings: string[];
}

/**
 * A checked body; `own` when decoding made it and nothing in it is the request's (DecodedBody.shared);
 * `sharedFields`, when decoding made it, the top-level fields that hold something of the request's.
 */
interface Checked extends Admitted {
  own?: boolean;
  sharedFields?: string[];
}

/**
 * Field validation of a request body against the kind's schema (upstream's fieldValidation):
 * Strict rejects unknown fields, Warn drops them with a warning, Ignore drops them silently.
 * Type errors and integers beyond their int32/int64 range are always rejected with 422 naming the
 * field; a value encoding/json cannot decode at all (invalid base64) is upstream's 400. What comes
 * out holds nulls as Go holds them after decoding (see decodeBody), so later stages meet no null items.
 */
export function checkBody(def: ResourceDef, obj: KubeObject, opts: AdmitOptions): Checked {
  if (def.crd) return checkCustomObject(def, obj, opts.version, opts.fieldValidation);
  const typeName = def.typeNames?.[opts.version];
  if (!typeName || !builtinSchemas.type(typeName)) return { object: obj, warnings: [] };
  const mode = opts.fieldValidation ?? 'Warn';
  const decoded = decodeBody(builtinSchemas, typeName, obj, { prune: mode !== 'Strict' });
  const { unknown, typeErrors } = decoded;
  if (decoded.decodeError) throw decodeError({ kind: def.kind, version: opts.version }, decoded.decodeError);
  if (typeErrors.length) throw invalid(def.kind, def.group, nameOf(obj), typeErrors);
  const object = decoded.object as KubeObject;
  const own = !decoded.shared;
  const { sharedFields } = decoded;
  if (unknown.length === 0) return { object, warnings: [], own, sharedFields };
  if (mode === 'Strict') {
    if (opts.patchType && opts.patchType !== 'apply') {
      // upstream quotes the patch for strategic merge, and the patched object for JSON and merge patches
      throw strictPatchError(unknown, JSON.stringify(opts.patchType === 'strategic' ? opts.patch : obj));
    }
    throw strictFieldError(unknown, { kind: def.kind, version: opts.version });
  }
  const warnings = mode === 'Warn' ? unknown.map((f) => `unknown field "${f}"`) : [];
  return { object, warnings, own, sharedFields };
}

/** The name an error message shows: whatever string the body carries (it may not be an object at all). */
function nameOf(obj: KubeObject): string {
  const name = isPlainObject(obj.metadata) ? obj.metadata.name : undefined;
  return typeof name === 'string' ? name : '';
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
  // prepareCreate works on its own copy: a kind without defaults needs no copy before it;
  // the write's random source names a new Pod's kube-api-access-XXXXX volume
  const defaults = { admission: true, rand: ctx.rand, serviceAccount: opts.serviceAccount, namespace };
  const defaulting = hasDefaults(def.group, def.storageVersion, def.kind);
  const defaulted = defaulting ? (applyDefaults(def.group, def.storageVersion, def.kind, stored, defaults) as KubeObject) : stored;
  // the decoded body, neither converted nor defaulted, is already this write's own copy: not copied again
  const own = checked.own === true && !defaulting && stored === checked.object;
  const mutated = mutateKubeflareKind(def, null, prepareCreate(def, defaulted, namespace, ctx, own), ctx);
  const obj = mutated.object;
  const causes = [...validateCreate(def.group, def.kind, obj), ...validateKubeflareKind(def, obj), ...mutated.causes];
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

/** An update of the object validates the whole change; pods/ephemeralcontainers its own rules (ValidatePodEphemeralContainersUpdate). */
function validateWrite(def: ResourceDef, obj: KubeObject, old: StoredObject, target: UpdateTarget) {
  return target === 'ephemeralcontainers' ? validatePodEphemeralContainersUpdate(obj, old) : validateUpdate(def.group, def.kind, obj, old);
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
  // a body built from the stored object (a scale) has no unknown fields to report, but the number it
  // carries must still fit its Go type: `kubectl scale --replicas=2147483648` is refused like a PUT
  const checked = checkBody(def, body, opts.skipBodyCheck ? { ...opts, fieldValidation: 'Ignore' } : opts);
  const stored = toStorageVersion(def, checked.object, opts.version);
  // the decoded body, not converted, is this write's own but for what it kept of the request's, at most
  // managedFields' free-form fieldsV1 (a client sends them back), which no defaulting writes into: it is
  // defaulted where it is, and not copied again by prepareUpdate (only its status, for /status, or all of
  // it when nothing is the request's); anything else is copied once, by the defaulting
  const decoded = stored === checked.object && checked.sharedFields !== undefined && checked.sharedFields.every((f) => f === 'metadata');
  const defaulting = { admission: false };
  const defaulted = (decoded ? applyDefaultsInPlace : applyDefaults)(def.group, def.storageVersion, def.kind, stored, defaulting) as KubeObject;
  // a Service's allocations are the stored object's: what keeps them shares the old object's values
  const service = def.group === '' && def.kind === 'Service';
  const kept = service ? keepAllocatedNodePorts(old, keepAllocatedValues(old, defaulted)) : defaulted;
  const own = !service && (!decoded || target === 'status' || checked.own === true);
  const mutated = mutateKubeflareKind(def, old, prepareUpdate(def, old, kept, target, own), ctx);
  const obj = mutated.object;
  const causes = [...validateWrite(def, obj, old, target), ...validateKubeflareKind(def, obj), ...mutated.causes];
  if (causes.length) throw invalid(def.kind, def.group, old.metadata.name, causes);
  if (!opts.skipManagedFields) {
    obj.metadata!.managedFields = trackUpdate(old as never, obj as never, {
      manager: managerOf(opts),
      operation: 'Update',
      apiVersion: apiVersionOf(def.group, opts.version),
      now: ctx.now,
      subresource: target === 'main' ? undefined : target,
      ...schemaArgs(def),
    }) as never;
  }
  return { object: obj, warnings: checked.warnings };
}
