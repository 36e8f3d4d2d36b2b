import type { StatusCause } from '../api/errors';
import type { LabelSelector, ObjectMeta } from 'kubernetes-types/meta/v1';
import { child, deepEqual, forbidden, immutable, index, invalid, nonNegative, required, tooLong, type FieldPath } from './field-error';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from './name-validators';
import { utf8Length } from '../apiserver/size-limits';

/** A name check: given the name (and whether it is a generateName prefix), returns messages. */
export type NameValidator = (name: string, prefix: boolean) => string[];

// A generateName prefix may end in '-': mask it before checking (apimachinery maskTrailingDash).
const masked = (fn: (s: string) => string[]): NameValidator => (name, prefix) =>
  fn(prefix && name.length > 1 && name.endsWith('-') ? `${name.slice(0, -1)}a` : name);

/** NameIsDNSSubdomain: most kinds. */
export const nameIsDNSSubdomain: NameValidator = masked(isDNS1123Subdomain);
/** NameIsDNSLabel: namespaces. */
export const nameIsDNSLabel: NameValidator = masked(isDNS1123Label);

/** TotalAnnotationSizeLimitB: 256 KiB over all keys and values. */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;


/** ValidateLabels: every key a qualified name, every value a label value; field is `…labels`. */
export function validateLabels(labels: Record<string, string> | undefined, path: FieldPath): StatusCause[] {
  const errs: StatusCause[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const msg of isQualifiedName(k)) errs.push(invalid(path, k, msg));
    for (const msg of isValidLabelValue(v)) errs.push(invalid(path, v, msg));
  }
  return errs;
}

/** ValidateAnnotations: keys are case-insensitive qualified names; total size ≤ 256 KiB. */
export function validateAnnotations(annotations: Record<string, string> | undefined, path: FieldPath): StatusCause[] {
  const errs: StatusCause[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(invalid(path, k, msg));
    size += utf8Length(k) + utf8Length(v);
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
  return errs;
}

/** metav1 ValidateLabelSelector (the object form used by workloads and PDBs). */
export function validateLabelSelector(sel: LabelSelector | undefined, path: FieldPath): StatusCause[] {
  if (!sel) return [];
  const errs = validateLabels(sel.matchLabels, child(path, 'matchLabels'));
  (sel.matchExpressions ?? []).forEach((expr, i) => {
    const p = index(child(path, 'matchExpressions'), i);
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) errs.push(required(child(p, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0)
          errs.push(forbidden(child(p, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        errs.push(invalid(child(p, 'operator'), expr.operator, 'not a valid selector operator'));
    }
    for (const msg of isQualifiedName(expr.key ?? '')) errs.push(invalid(child(p, 'key'), expr.key ?? '', msg));
    values.forEach((v, vi) => {
      for (const msg of isValidLabelValue(v)) errs.push(invalid(index(child(p, 'values'), vi), v, msg));
    });
  });
  return errs;
}

/**
 * ValidateObjectMeta: name (or generateName), namespace presence (`namespaced` true/false, or null
 * when the scope is unknown), labels, annotations, finalizers.
 */
export function validateObjectMeta(
  meta: ObjectMeta | undefined,
  namespaced: boolean | null,
  nameFn: NameValidator,
  path: FieldPath = 'metadata',
): StatusCause[] {
  const m = meta ?? {};
  const errs: StatusCause[] = [];
  if (m.generateName) {
    for (const msg of nameFn(m.generateName, true)) errs.push(invalid(child(path, 'generateName'), m.generateName, msg));
  }
  if (!m.name) {
    if (!m.generateName) errs.push(required(child(path, 'name'), 'name or generateName is required'));
  } else {
    for (const msg of nameFn(m.name, false)) errs.push(invalid(child(path, 'name'), m.name, msg));
  }
  // null: scope unknown here (custom kinds), the caller checks the namespace.
  if (namespaced === null) {
    // nothing
  } else if (namespaced) {
    if (!m.namespace) errs.push(required(child(path, 'namespace')));
    else for (const msg of isDNS1123Label(m.namespace)) errs.push(invalid(child(path, 'namespace'), m.namespace, msg));
  } else if (m.namespace) {
    errs.push(forbidden(child(path, 'namespace'), 'not allowed on this type'));
  }
  errs.push(...nonNegative(m.generation, child(path, 'generation')));
  errs.push(...validateLabels(m.labels, child(path, 'labels')));
  errs.push(...validateAnnotations(m.annotations, child(path, 'annotations')));
  errs.push(...validateFinalizers(m.finalizers, child(path, 'finalizers')));
  return errs;
}

function validateFinalizers(finalizers: string[] | undefined, path: FieldPath): StatusCause[] {
  const errs: StatusCause[] = [];
  for (const f of finalizers ?? []) for (const msg of isQualifiedName(f)) errs.push(invalid(path, f, msg));
  const list = finalizers ?? [];
  if (list.includes('orphan') && list.includes('foregroundDeletion')) {
    errs.push(invalid(path, list, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  return errs;
}

/** ValidateObjectMetaUpdate: identity fields are immutable, then the new meta must be valid. */
export function validateObjectMetaUpdate(
  meta: ObjectMeta | undefined,
  old: ObjectMeta | undefined,
  path: FieldPath = 'metadata',
): StatusCause[] {
  const m = meta ?? {};
  const o = old ?? {};
  const errs: StatusCause[] = [];
  errs.push(...immutable(m.name, o.name, child(path, 'name')));
  errs.push(...immutable(m.namespace, o.namespace, child(path, 'namespace')));
  if (o.uid && m.uid) errs.push(...immutable(m.uid, o.uid, child(path, 'uid')));
  if (o.creationTimestamp && m.creationTimestamp)
    errs.push(...immutable(m.creationTimestamp, o.creationTimestamp, child(path, 'creationTimestamp')));
  if (o.deletionTimestamp && m.deletionTimestamp && !deepEqual(m.deletionTimestamp, o.deletionTimestamp))
    errs.push(...immutable(m.deletionTimestamp, o.deletionTimestamp, child(path, 'deletionTimestamp')));
  // A terminating object may drop finalizers but not gain them.
  if (o.deletionTimestamp) {
    const added = (m.finalizers ?? []).filter((f) => !(o.finalizers ?? []).includes(f));
    if (added.length) errs.push(forbidden(child(path, 'finalizers'), `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSlice([...added].sort())}`));
  }
  errs.push(...nonNegative(m.generation, child(path, 'generation')));
  errs.push(...validateLabels(m.labels, child(path, 'labels')));
  errs.push(...validateAnnotations(m.annotations, child(path, 'annotations')));
  errs.push(...validateFinalizers(m.finalizers, child(path, 'finalizers')));
  return errs;
}

/** Go's `%#v` of a []string: `[]string{"a", "b"}`. */
function goStringSlice(items: readonly string[]): string {
  return `[]string{${items.map((i) => JSON.stringify(i)).join(', ')}}`;
}
