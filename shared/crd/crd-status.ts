import type { ResourceDef } from '../api/registry';
import { findNameConflicts, usedNames } from './names-conflicts';
import type { CRD, CustomResourceDefinitionCondition, CustomResourceDefinitionNames } from './types';

type CRDStatus = NonNullable<CRD['status']>;

/**
 * The status the naming and establishing controllers converge to for a CRD: acceptedNames,
 * NamesAccepted (True/NoConflicts, or False/<Field>Conflict) and Established
 * (True/InitialNamesAccepted once names are accepted; False/NotAccepted before), with
 * lastTransitionTime kept while a condition's status does not change. `now` is RFC 3339.
 * @example crdStatus(crd, [], '2024-01-01T00:00:00Z').conditions // [Established True, NamesAccepted True]
 */
export function crdStatus(crd: CRD, existing: readonly CRD[], now: string, builtins: readonly ResourceDef[] = []): CRDStatus {
  const want = crd.spec.names;
  const old = crd.status ?? {};
  const conflicts = findNameConflicts(crd, usedNames(crd, existing, builtins));
  const accepted: CustomResourceDefinitionNames = { ...(old.acceptedNames ?? { plural: '', kind: '' }) };
  const failed = new Set(conflicts.map((c) => c.field));
  if (!failed.has('plural')) accepted.plural = want.plural;
  if (!failed.has('singular') && want.singular !== undefined) accepted.singular = want.singular;
  if (!failed.has('shortNames') && want.shortNames !== undefined) accepted.shortNames = want.shortNames;
  if (!failed.has('kind')) accepted.kind = want.kind;
  if (!failed.has('listKind') && want.listKind !== undefined) accepted.listKind = want.listKind;
  if (want.categories !== undefined) accepted.categories = want.categories;

  const last = conflicts[conflicts.length - 1];
  const namesAccepted: CustomResourceDefinitionCondition = last
    ? { type: 'NamesAccepted', status: 'False', reason: last.reason, message: `"${last.name}" is already in use` }
    : { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' };
  const oldEstablished = findCondition(old.conditions, 'Established');
  let established: CustomResourceDefinitionCondition;
  if (namesAccepted.status === 'True') {
    established = oldEstablished?.status === 'True' ? oldEstablished : { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' };
  } else {
    established = oldEstablished ?? { type: 'Established', status: 'False', reason: 'NotAccepted', message: 'not all names are accepted' };
  }
  const others = (old.conditions ?? []).filter((c) => c.type !== 'Established' && c.type !== 'NamesAccepted');
  const conditions = [established, namesAccepted, ...others].map((c) => withTransitionTime(c, findCondition(old.conditions, c.type), now));
  const storage = crd.spec.versions.find((v) => v.storage)?.name;
  const storedVersions = [...(old.storedVersions ?? [])];
  if (storage && !storedVersions.includes(storage)) storedVersions.push(storage);
  return { acceptedNames: accepted, conditions, storedVersions };
}

/** True once the CRD's Established condition is True: its resource is served. */
export function isEstablished(crd: CRD): boolean {
  return findCondition(crd.status?.conditions, 'Established')?.status === 'True';
}

function findCondition(list: readonly CustomResourceDefinitionCondition[] | undefined, type: string): CustomResourceDefinitionCondition | undefined {
  return list?.find((c) => c.type === type);
}

function withTransitionTime(c: CustomResourceDefinitionCondition, prev: CustomResourceDefinitionCondition | undefined, now: string): CustomResourceDefinitionCondition {
  const time = prev && prev.status === c.status && prev.lastTransitionTime ? prev.lastTransitionTime : now;
  return { ...c, lastTransitionTime: time };
}
