import type { StatusCause } from '../api/errors';
import type { ResourceDef } from '../api/registry';
import { invalidValue } from './field-errors';
import type { CRD, CustomResourceDefinitionNames } from './types';

/** Names already taken in a group: resource names (plural, singular, short) and kinds (kind, listKind). */
export interface UsedNames {
  resources: Set<string>;
  kinds: Set<string>;
}

/**
 * The names other CRDs of the same group have been granted (their status.acceptedNames, else
 * their spec names) and the built-in kinds of that group, as the naming controller collects them.
 */
export function usedNames(crd: CRD, existing: readonly CRD[], builtins: readonly ResourceDef[] = []): UsedNames {
  const resources = new Set<string>();
  const kinds = new Set<string>();
  const self = crd.metadata?.name;
  for (const other of existing) {
    if (other.metadata?.name === self || other.spec.group !== crd.spec.group) continue;
    const n: CustomResourceDefinitionNames = other.status?.acceptedNames?.plural ? other.status.acceptedNames : other.spec.names;
    for (const r of [n.plural, n.singular, ...(n.shortNames ?? [])]) if (r) resources.add(r);
    for (const k of [n.kind, n.listKind]) if (k) kinds.add(k);
  }
  for (const d of builtins) {
    if (d.group !== crd.spec.group) continue;
    for (const r of [d.plural, d.singular, ...d.shortNames]) if (r) resources.add(r);
    kinds.add(d.kind).add(`${d.kind}List`);
  }
  return { resources, kinds };
}

/** One name conflict: which field, and the naming controller's reason for it. */
export interface NameConflict {
  field: 'plural' | 'singular' | 'shortNames' | 'kind' | 'listKind';
  name: string;
  reason: 'PluralConflict' | 'SingularConflict' | 'ShortNamesConflict' | 'KindConflict' | 'ListKindConflict';
}

/**
 * The requested names that collide with names in use (equalToAcceptedOrFresh): a name the CRD
 * already holds in status.acceptedNames never conflicts.
 */
export function findNameConflicts(crd: CRD, used: UsedNames): NameConflict[] {
  const want = crd.spec.names;
  const have = crd.status?.acceptedNames;
  const out: NameConflict[] = [];
  const check = (field: NameConflict['field'], reason: NameConflict['reason'], name: string | undefined, accepted: string | undefined, set: Set<string>): void => {
    if (name && name !== accepted && set.has(name)) out.push({ field, name, reason });
  };
  check('plural', 'PluralConflict', want.plural, have?.plural, used.resources);
  check('singular', 'SingularConflict', want.singular, have?.singular, used.resources);
  for (const s of want.shortNames ?? []) if (!(have?.shortNames ?? []).includes(s)) check('shortNames', 'ShortNamesConflict', s, undefined, used.resources);
  check('kind', 'KindConflict', want.kind, have?.kind, used.kinds);
  check('listKind', 'ListKindConflict', want.listKind, have?.listKind, used.kinds);
  return out;
}

/** Name conflicts as 422 causes: `spec.names.plural: Invalid value: "foos": "foos" is already in use`. */
export function namesConflicts(crd: CRD, existing: readonly CRD[], builtins: readonly ResourceDef[] = []): StatusCause[] {
  if (!crd.spec?.names || !crd.spec.group) return [];
  return findNameConflicts(crd, usedNames(crd, existing, builtins)).map((c) => {
    const at = c.field === 'shortNames' ? `spec.names.shortNames[${(crd.spec.names.shortNames ?? []).indexOf(c.name)}]` : `spec.names.${c.field}`;
    return invalidValue(at, c.name, `"${c.name}" is already in use`);
  });
}
