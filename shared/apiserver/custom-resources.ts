import { invalid } from '../api/errors';
import type { KubeObject } from '../api/object';
import { BUILTIN_RESOURCES, type ResourceDef } from '../api/registry';
import { applyCrdDefaults, crdToResourceDef, crdVersionSchema, defaultCRD, pruneCustomObject, validateCRD, validateCustomObject, type CRD } from '../crd';
import { strictFieldError } from '../openapi';
import type { FieldValidation } from './store-protocol';

/** The finalizer that makes deleting a CRD delete its custom objects first (upstream's name). */
export const CRD_CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

/** The registry entry a CRD serves: the CRD travels with it so stores can validate and print. */
export function customResourceDef(crd: CRD): ResourceDef {
  return { ...crdToResourceDef(crd), verbs: undefined, crd };
}

/**
 * Admission of a CustomResourceDefinition (what apiextensions-apiserver's strategy does): defaults,
 * the cleanup finalizer, and validation against the other CRDs and the built-in kinds.
 */
export function admitCRD(body: KubeObject, existing: readonly CRD[], isCreate: boolean): KubeObject {
  const crd = defaultCRD(body as unknown as CRD);
  const others = existing.filter((c) => c.metadata?.name !== crd.metadata?.name);
  const causes = validateCRD(crd, others, BUILTIN_RESOURCES);
  if (causes.length) throw invalid('CustomResourceDefinition', 'apiextensions.k8s.io', crd.metadata?.name ?? '', causes);
  const out = crd as unknown as KubeObject;
  if (isCreate) {
    const finalizers = out.metadata?.finalizers ?? [];
    if (!finalizers.includes(CRD_CLEANUP_FINALIZER)) out.metadata = { ...out.metadata, finalizers: [...finalizers, CRD_CLEANUP_FINALIZER] };
  }
  return out;
}

/**
 * A custom object's body against its version's structural schema: defaults, pruning of unknown
 * fields (Strict rejects them, Warn reports them), then validation with field-naming causes.
 */
export function checkCustomObject(def: ResourceDef, obj: KubeObject, version: string, mode: FieldValidation = 'Warn'): { object: KubeObject; warnings: string[] } {
  const schema = def.crd ? crdVersionSchema(def.crd, version) : undefined;
  if (!schema) return { object: obj, warnings: [] };
  const defaulted = applyCrdDefaults(schema, obj);
  const { object, pruned } = pruneCustomObject(schema, defaulted);
  if (pruned.length && mode === 'Strict') throw strictFieldError(pruned, { kind: def.kind, version });
  const causes = validateCustomObject(schema, object);
  if (causes.length) throw invalid(def.kind, def.group, obj.metadata?.name ?? '', causes);
  return { object: object as KubeObject, warnings: mode === 'Warn' ? pruned.map((f) => `unknown field "${f}"`) : [] };
}
