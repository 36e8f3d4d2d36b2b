import type { ResourceQuota } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/object';
import { quotaUsed } from './quota-admission';
import { formatQty, parseQty, zeroQty } from './quota-quantity';
import { matchingResources } from './quota-usage';

/** The resources quota counts by name, beyond `count/<resource>`: which stored objects a quota's names are charged from. */
const NAMED = ['pods', 'services', 'persistentvolumeclaims', 'configmaps', 'secrets', 'replicationcontrollers', 'resourcequotas'];

/**
 * The resources (storage keys) whose objects a quota's hard names are charged from: the named
 * evaluators' own resources, and `count/<resource>.<group>` for any other.
 * @example quotaResources(['pods', 'requests.storage', 'count/deployments.apps']) // ['pods', 'persistentvolumeclaims', 'deployments.apps']
 */
export function quotaResources(names: Iterable<string>): string[] {
  const all = [...names];
  const out = new Set<string>();
  for (const r of NAMED) if (matchingResources(r, all).length) out.add(r);
  for (const n of all) if (n.startsWith('count/')) out.add(n.slice('count/'.length));
  return [...out];
}

/**
 * The resource quota controller's sync (pkg/controller/resourcequota, syncResourceQuota): status.hard
 * is spec.hard, status.used what the namespace's objects use of each hard name ("0" for none).
 * `objects(resource)` lists a resource's objects in the quota's namespace (undefined when not served).
 */
export function quotaStatus(quota: ResourceQuota, objects: (storageKey: string) => readonly KubeObject[] | undefined, nowMs: number): NonNullable<ResourceQuota['status']> {
  const hard = (quota.spec?.hard ?? {}) as Record<string, string>;
  const used: Record<string, string> = {};
  for (const resource of quotaResources(Object.keys(hard))) {
    const list = objects(resource);
    if (!list) continue;
    const names = matchingResources(resource, Object.keys(hard));
    for (const [k, v] of quotaUsed(quota, resource, list, names, nowMs)) used[k] = formatQty(v);
  }
  for (const k of Object.keys(hard)) used[k] ??= formatQty(zeroQty(parseQty(hard[k])?.format));
  return { hard: { ...hard }, used };
}
