import type { ResourceDef, Subresource } from '../api/registry';
import { responseError } from './http-errors';

export interface HttpDiscoveryOptions {
  server: string;
  token?: string;
  fetch?: typeof fetch;
}

interface ApiResource {
  name: string;
  singularName?: string;
  namespaced: boolean;
  kind: string;
  shortNames?: string[];
  categories?: string[];
}
interface ApiGroupList {
  groups: { name: string; versions: { version: string }[]; preferredVersion?: { version: string } }[];
}

/**
 * Reads the server's discovery documents (/api/v1, /apis, /apis/<group>/<version>) into registry
 * entries, custom resources included: what DynamicClient needs to map kinds to resources over HTTP
 * (client-go's discovery client feeding a RESTMapper).
 * @example const dyn = new DynamicClient(client, { discover: () => discoverResources({ server, token }) });
 */
export async function discoverResources(opts: HttpDiscoveryOptions): Promise<ResourceDef[]> {
  const base = opts.server.replace(/\/+$/, '');
  const doFetch = opts.fetch ?? ((input, init) => fetch(input, init));
  const get = async <T>(path: string, missingOk = false): Promise<T | undefined> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const res = await doFetch(base + path, { headers });
    if (res.status === 404 && missingOk) return undefined;
    if (!res.ok) throw responseError(res.status, 'GET', await res.text());
    return (await res.json()) as T;
  };
  const groups = (await get<ApiGroupList>('/apis'))!.groups;
  // preferred version first, as ResourceDef.versions lists them
  const versionsOf = (g: ApiGroupList['groups'][number]): string[] => {
    const preferred = g.preferredVersion?.version;
    const all = g.versions.map((v) => v.version);
    return preferred ? [preferred, ...all.filter((v) => v !== preferred)] : all;
  };
  const lists = await Promise.all([
    get<{ resources: ApiResource[] }>('/api/v1').then((l) => ({ group: '', version: 'v1', resources: l!.resources })),
    // a group version whose CRD was deleted between the two reads is 404: it is gone, not an error (client-go's
    // discovery likewise keeps the groups it could read)
    ...groups.flatMap((g) =>
      g.versions.map((v) =>
        get<{ resources: ApiResource[] }>(`/apis/${g.name}/${v.version}`, true).then((l) => ({ group: g.name, version: v.version, resources: l?.resources ?? [] })),
      ),
    ),
  ]);
  const defs = new Map<string, ResourceDef>();
  for (const { group, version, resources } of lists) {
    for (const r of resources) {
      const [plural, sub] = r.name.split('/');
      const key = `${group}/${plural}`;
      let def = defs.get(key);
      if (!def && !sub) {
        const order = group ? versionsOf(groups.find((g) => g.name === group)!) : ['v1'];
        def = {
          group,
          versions: [],
          storageVersion: order[0]!,
          kind: r.kind,
          plural: plural!,
          singular: r.singularName || r.kind.toLowerCase(),
          shortNames: r.shortNames ?? [],
          categories: r.categories ?? [],
          namespaced: r.namespaced,
          subresources: [],
          hasStatus: false,
        };
        defs.set(key, def);
      }
      if (!def) continue;
      if (sub) {
        if (!def.subresources.includes(sub as Subresource)) def.subresources.push(sub as Subresource);
        if (sub === 'status') def.hasStatus = true;
      } else if (!def.versions.includes(version)) def.versions.push(version);
    }
  }
  // versions in the group's preference order
  for (const def of defs.values()) {
    const g = groups.find((x) => x.name === def.group);
    if (g) {
      const order = versionsOf(g);
      def.versions.sort((a, b) => order.indexOf(a) - order.indexOf(b));
    }
  }
  return [...defs.values()];
}
