import { STANDARD_VERBS, type ResourceDef, type ResourceRegistry, type Subresource } from '../api/registry';
import { fnv1a } from '../nodes/hash';

/** Verbs and response kind of each subresource, as upstream's discovery lists them. */
const SUBRESOURCES: Record<Subresource, { verbs: string[]; group?: string; version?: string; kind?: string }> = {
  status: { verbs: ['get', 'patch', 'update'] },
  scale: { verbs: ['get', 'patch', 'update'], group: 'autoscaling', version: 'v1', kind: 'Scale' },
  binding: { verbs: ['create'], group: '', version: 'v1', kind: 'Binding' },
  eviction: { verbs: ['create'], group: 'policy', version: 'v1', kind: 'Eviction' },
  log: { verbs: ['get'], group: '', version: 'v1', kind: 'Pod' },
  exec: { verbs: ['create', 'get'], group: '', version: 'v1', kind: 'PodExecOptions' },
  attach: { verbs: ['create', 'get'], group: '', version: 'v1', kind: 'PodAttachOptions' },
  portforward: { verbs: ['create', 'get'], group: '', version: 'v1', kind: 'PodPortForwardOptions' },
  proxy: { verbs: ['create', 'delete', 'get', 'patch', 'update'], group: '', version: 'v1', kind: 'NodeProxyOptions' },
  token: { verbs: ['create'], group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' },
  ephemeralcontainers: { verbs: ['get', 'patch', 'update'], group: '', version: 'v1', kind: 'Pod' },
};

function verbsOf(def: ResourceDef): string[] {
  return def.virtual ? def.virtual.verbs : [...STANDARD_VERBS, ...(def.verbs ?? [])];
}

/** `GET /api`: the legacy core group's versions. */
export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

/** `GET /apis`: every named group with its versions, preferred first. */
export function apiGroupList(registry: ResourceRegistry) {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: registry.groups().map(groupEntry) };
}

/** `GET /apis/G`: one group (kind APIGroup), or undefined when it is not served. */
export function apiGroup(registry: ResourceRegistry, name: string) {
  const g = registry.groups().find((x) => x.name === name);
  return g && { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(g) };
}

function groupEntry(g: { name: string; versions: string[] }) {
  return {
    name: g.name,
    versions: g.versions.map((v) => ({ groupVersion: `${g.name}/${v}`, version: v })),
    preferredVersion: { groupVersion: `${g.name}/${g.versions[0]}`, version: g.versions[0] },
  };
}

/** `GET /api/v1`, `GET /apis/G/V`: resources and subresources of one group/version. */
export function apiResourceList(registry: ResourceRegistry, group: string, version: string) {
  const resources: Record<string, unknown>[] = [];
  for (const def of registry.inGroupVersion(group, version)) {
    resources.push({
      name: def.plural,
      singularName: def.singular,
      namespaced: def.namespaced,
      kind: def.kind,
      verbs: verbsOf(def),
      ...(def.shortNames.length ? { shortNames: def.shortNames } : {}),
      ...(def.categories.length ? { categories: def.categories } : {}),
      storageVersionHash: storageVersionHash(def),
    });
    for (const sub of def.subresources) {
      const s = SUBRESOURCES[sub];
      resources.push({
        name: `${def.plural}/${sub}`,
        singularName: '',
        namespaced: def.namespaced,
        ...(s.group !== undefined ? { group: s.group, version: s.version } : {}),
        kind: s.kind ?? def.kind,
        verbs: s.verbs,
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
}

/** Aggregated discovery (apidiscovery.k8s.io/v2): all groups, versions and resources in one body. */
export function aggregatedDiscovery(registry: ResourceRegistry, legacy: boolean) {
  const groups = legacy ? [{ name: '', versions: ['v1'] }] : registry.groups();
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: groups.map((g) => ({
      metadata: { name: g.name, creationTimestamp: null },
      versions: g.versions.map((v) => ({
        version: v,
        freshness: 'Current',
        resources: registry.inGroupVersion(g.name, v).map((def) => ({
          resource: def.plural,
          responseKind: { group: def.group, version: v, kind: def.kind },
          scope: def.namespaced ? 'Namespaced' : 'Cluster',
          singularResource: def.singular,
          verbs: verbsOf(def),
          ...(def.shortNames.length ? { shortNames: def.shortNames } : {}),
          ...(def.categories.length ? { categories: def.categories } : {}),
          ...(def.subresources.length
            ? {
                subresources: def.subresources.map((sub) => {
                  const s = SUBRESOURCES[sub];
                  return {
                    subresource: sub,
                    responseKind: { group: s.group ?? def.group, version: s.version ?? v, kind: s.kind ?? def.kind },
                    verbs: s.verbs,
                  };
                }),
              }
            : {}),
        })),
      })),
    })),
  };
}

/** A short stable hash of a resource's storage identity (clients only compare it for equality). */
function storageVersionHash(def: ResourceDef): string {
  const s = `${def.group}/${def.storageVersion}/${def.kind}`;
  const h = fnv1a(s);
  return btoa(String.fromCharCode(...new Uint8Array(new Uint32Array([h >>> 0, Math.imul(h, 31) >>> 0]).buffer))).slice(0, 11);
}
