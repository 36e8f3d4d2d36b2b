import type { CRD } from './types';

/**
 * The apiextensions v1 defaults applied before validation: singular from the kind, listKind
 * `<Kind>List`, conversion strategy None, status.storedVersions seeded with the storage version.
 * Returns a new CRD.
 */
export function defaultCRD(crd: CRD): CRD {
  const out = structuredClone(crd);
  const names = out.spec.names;
  if (!names.singular && names.kind) names.singular = names.kind.toLowerCase();
  if (!names.listKind && names.kind) names.listKind = `${names.kind}List`;
  out.spec.conversion ??= { strategy: 'None' };
  out.spec.versions ??= [];
  const storage = out.spec.versions.find((v) => v.storage);
  if (storage && !(out.status?.storedVersions?.length)) out.status = { ...out.status, storedVersions: [storage.name] };
  return out;
}
