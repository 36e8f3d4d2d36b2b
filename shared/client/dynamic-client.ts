import { ApiError } from '../api/errors';
import type { KubeObject } from '../api/object';
import { BUILTIN_RESOURCES, parseApiVersion, type ResourceDef } from '../api/registry';
import type { Client, ResourceClient } from './client';

/** An object of any kind as plain JSON (client-go's unstructured.Unstructured). */
export type Unstructured = KubeObject;

export interface GroupVersionResource {
  group: string;
  version: string;
  resource: string;
}

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface DynamicClientOptions {
  /** The kinds the server serves (discovery): built-ins plus CRDs. Default: the built-in registry. */
  discover?: () => readonly ResourceDef[] | Promise<readonly ResourceDef[]>;
}

/**
 * A client for any resource, built-in or custom, on plain objects; kinds map to resources
 * through discovery (a RESTMapper).
 * @example
 * const dyn = new DynamicClient(client);
 * await dyn.resource({ group: 'stable.example.com', version: 'v1', resource: 'crontabs' }).namespace('default').list();
 * await (await dyn.forObject(manifest)).create(manifest);
 */
export class DynamicClient {
  constructor(
    private readonly client: Client,
    private readonly opts: DynamicClientOptions = {},
  ) {}

  /** The resource at group/version/resource; `.namespace(ns)` scopes it. */
  resource(gvr: GroupVersionResource): ResourceClient<Unstructured> {
    return this.client.resource<Unstructured>({ group: gvr.group, version: gvr.version, plural: gvr.resource });
  }

  /** Maps a kind to its resource, or throws `no matches for kind "X" in version "g/v"`. */
  async resourceFor(gvk: GroupVersionKind): Promise<GroupVersionResource & { namespaced: boolean }> {
    const defs = (await this.opts.discover?.()) ?? BUILTIN_RESOURCES;
    const def = defs.find((d) => d.group === gvk.group && d.kind === gvk.kind && d.versions.includes(gvk.version));
    if (!def) {
      const gv = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
      throw new ApiError(404, 'NotFound', `no matches for kind "${gvk.kind}" in version "${gv}"`, { group: gvk.group, kind: gvk.kind });
    }
    return { group: def.group, version: gvk.version, resource: def.plural, namespaced: def.namespaced };
  }

  /** The client for an object's apiVersion/kind, scoped to its namespace when the kind is namespaced. */
  async forObject(obj: Unstructured): Promise<ResourceClient<Unstructured>> {
    const { group, version } = parseApiVersion(obj.apiVersion ?? '');
    const m = await this.resourceFor({ group, version, kind: obj.kind ?? '' });
    const rc = this.resource(m);
    return m.namespaced ? rc.namespace(obj.metadata?.namespace || 'default') : rc;
  }
}
