import type { SchemaSource } from '../api/schema-types';
import { componentsFor, type OpenApiSchema } from './openapi-schema';
import { addResourcePaths, type Gvk, type PathResource } from './openapi-paths';

/** A resource served in a group/version, as the API server's registry knows it. */
export interface OpenApiResourceInput {
  plural: string;
  kind: string;
  namespaced: boolean;
  /** e.g. ['status', 'scale']; 'log' is described as a plain read of the object's kind. */
  subresources: string[];
  /** The TypeSchema of the kind, e.g. 'io.k8s.api.apps.v1.Deployment'. */
  typeName: string;
}

export interface OpenApiGroupVersionInput {
  group: string;
  version: string;
  resources: OpenApiResourceInput[];
  /**
   * Advertise application/strategic-merge-patch+json on PATCH (default true). Upstream omits it
   * for custom resources, which do not support strategic merge patch.
   */
  strategicMergePatch?: boolean;
  /** info.version of the document; upstream puts its gitVersion there. */
  serverVersion?: string;
}

/** Subresources whose body is another kind, and the verbs upstream serves on them. */
const SUBRESOURCE_KINDS: Record<string, { gvk: Gvk; typeName: string; verbs: PathResource['itemVerbs'] }> = {
  scale: { gvk: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, typeName: 'io.k8s.api.autoscaling.v1.Scale', verbs: ['get', 'replace', 'patch'] },
  eviction: { gvk: { group: 'policy', version: 'v1', kind: 'Eviction' }, typeName: 'io.k8s.api.policy.v1.Eviction', verbs: ['create'] },
  binding: { gvk: { group: '', version: 'v1', kind: 'Binding' }, typeName: 'io.k8s.api.core.v1.Binding', verbs: ['create'] },
  token: { gvk: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' }, typeName: 'io.k8s.api.authentication.v1.TokenRequest', verbs: ['create'] },
};

const ALWAYS = [
  'io.k8s.apimachinery.pkg.apis.meta.v1.Status',
  'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Patch',
];

/**
 * The body of `GET /openapi/v3/apis/<group>/<version>` (or `/openapi/v3/api/v1`): an OpenAPI 3.0
 * document with upstream's paths and operations for every resource, and `components.schemas`
 * for every type they reach. `kubectl explain` and `kubectl apply` work from it.
 */
export function openapiGroupVersionDocument(input: OpenApiGroupVersionInput, source: SchemaSource): OpenApiSchema {
  const { group, version } = input;
  const smp = input.strategicMergePatch ?? true;
  const paths: Record<string, OpenApiSchema> = {};
  const roots = [...ALWAYS];
  for (const res of input.resources) {
    const type = source.type(res.typeName);
    const gvk = type?.gvk ?? { group, version, kind: res.kind };
    const listTypeName = source.type(`${res.typeName}List`) ? `${res.typeName}List` : undefined;
    roots.push(res.typeName, ...(listTypeName ? [listTypeName] : []));
    addResourcePaths(paths, group, version, {
      resource: res.plural,
      kind: res.kind,
      namespaced: res.namespaced,
      gvk,
      typeName: res.typeName,
      collectionVerbs: ['list', 'create', 'deletecollection'],
      itemVerbs: ['get', 'replace', 'patch', 'delete'],
      listTypeName,
      strategicMergePatch: smp,
    });
    for (const sub of res.subresources) {
      const other = SUBRESOURCE_KINDS[sub];
      if (other && !source.type(other.typeName)) continue;
      if (other) roots.push(other.typeName);
      addResourcePaths(paths, group, version, {
        resource: `${res.plural}/${sub}`,
        kind: res.kind,
        namespaced: res.namespaced,
        gvk: other?.gvk ?? gvk,
        typeName: other?.typeName ?? res.typeName,
        collectionVerbs: [],
        itemVerbs: other?.verbs ?? (sub === 'log' ? ['get'] : ['get', 'replace', 'patch']),
        strategicMergePatch: smp,
      });
    }
  }
  return {
    components: { schemas: componentsFor(roots, source) },
    info: { title: 'Kubernetes', version: input.serverVersion ?? 'v1.32.0' },
    openapi: '3.0.0',
    paths: Object.fromEntries(Object.keys(paths).sort().map((k) => [k, paths[k]!])),
  };
}
