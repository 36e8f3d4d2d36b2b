import { STANDARD_VERBS, type ResourceDef, type Subresource } from '../api/registry';
import type { CRD, CRDVersion, CustomResourceColumnDefinition, JSONSchemaProps } from './types';

/**
 * The OpenAPI definition name of a custom kind, as apiextensions names it (ToRESTFriendlyName):
 * the group's domain reversed, then version and kind.
 * @example crdTypeName('stable.example.com', 'v1', 'CronTab') // 'com.example.stable.v1.CronTab'
 */
export function crdTypeName(group: string, version: string, kind: string): string {
  return [...group.split('.').reverse(), version, kind].join('.');
}

/**
 * Orders versions as discovery does (CompareKubeAwareVersionStrings): GA before beta before
 * alpha, higher numbers first, then non-Kube-like versions alphabetically.
 */
export function compareKubeVersions(a: string, b: string): number {
  const parse = (v: string): [number, number, number] | undefined => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return undefined;
    const stability = m[2] === undefined ? 3 : m[2] === 'beta' ? 2 : 1;
    return [stability, Number(m[1]), Number(m[3] ?? 0)];
  };
  const pa = parse(a);
  const pb = parse(b);
  if (pa && pb) {
    if (pa[0] !== pb[0]) return pb[0] - pa[0];
    if (pa[1] !== pb[1]) return pb[1] - pa[1];
    return pb[2] - pa[2];
  }
  if (pa) return -1;
  if (pb) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The version objects are stored in (exactly one after validation). */
export function storageVersionOf(crd: CRD): string {
  return (crd.spec.versions.find((v) => v.storage) ?? crd.spec.versions[0])?.name ?? '';
}

/** A CRD version by name. */
export function crdVersion(crd: CRD, version: string): CRDVersion | undefined {
  return crd.spec.versions.find((v) => v.name === version);
}

/** The openAPIV3Schema of one version, or undefined when it has none. */
export function crdVersionSchema(crd: CRD, version: string): JSONSchemaProps | undefined {
  return crdVersion(crd, version)?.schema?.openAPIV3Schema;
}

/** The printer columns of one version ([] means the default Age column). */
export function crdPrinterColumns(crd: CRD, version: string): CustomResourceColumnDefinition[] {
  return crdVersion(crd, version)?.additionalPrinterColumns ?? [];
}

/**
 * The registry entry serving a CRD: served versions in discovery order, the storage version,
 * names, scope, and the status/scale subresources (per-version subresources are merged: a
 * subresource any served version declares is routed; use crdVersion() to check one version).
 * @example registry.add(crdToResourceDef(crd))
 */
export function crdToResourceDef(crd: CRD): ResourceDef {
  const { group, names } = crd.spec;
  const served = crd.spec.versions.filter((v) => v.served);
  const versions = served.map((v) => v.name).sort(compareKubeVersions);
  const subresources: Subresource[] = [];
  if (served.some((v) => v.subresources?.status)) subresources.push('status');
  const scaleOf = served.find((v) => v.subresources?.scale)?.subresources?.scale;
  if (scaleOf) subresources.push('scale');
  return {
    group,
    versions,
    storageVersion: storageVersionOf(crd),
    kind: names.kind,
    plural: names.plural,
    singular: names.singular || names.kind.toLowerCase(),
    shortNames: names.shortNames ?? [],
    categories: names.categories ?? [],
    namespaced: crd.spec.scope === 'Namespaced',
    subresources,
    scale: scaleOf
      ? { specReplicasPath: scaleOf.specReplicasPath, statusReplicasPath: scaleOf.statusReplicasPath, labelSelectorPath: scaleOf.labelSelectorPath ?? '' }
      : undefined,
    typeNames: Object.fromEntries(versions.map((v) => [v, crdTypeName(group, v, names.kind)])),
    hasStatus: subresources.includes('status'),
    verbs: [...STANDARD_VERBS],
  };
}

/** crdToResourceDef for every CRD; a convenience for building a registry. */
export function crdToResourceDefs(crds: readonly CRD[]): ResourceDef[] {
  return crds.map(crdToResourceDef);
}
