import type { ResourceQuota } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../shared/api/object';
import { BUILTIN_RESOURCES } from '../../shared/api/registry';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import { anchorHeld } from '../../shared/controllers/notice-scope';
import { quotaResources, quotaStatus } from '../../shared/apiserver/quota-status';
import { storageKeyOf } from '../../shared/apiserver/storage-resource';
import type { Client } from '../../shared/client';
import type { ControllerDef } from './controller-def';
import { REPAIR_RESYNC_MS } from '../../shared/controllers/resync-policy';
import { RESOURCE_QUOTAS } from '../../shared/api/resource-refs';

const FIELD_MANAGER = 'resourcequota-controller';
/**
 * kube-controller-manager's --resource-quota-sync-period (default 5 m): every quota's usage is
 * recalculated this often in cluster time (what frees quota that no notice reported).
 */
export const RESOURCE_QUOTA_SYNC_PERIOD_MS = 5 * 60_000;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * kube-controller-manager's resourcequota controller: one key per namespace; every quota's
 * status.hard and status.used recomputed from the namespace's objects (shared/apiserver/quota-status.ts).
 * Admission charges creates at once; this catches up deletions, pods that finished, and edits of spec.hard.
 */
export const resourceQuotaController: ControllerDef = {
  name: 'resourcequota',
  watches: ['resourcequotas', 'pods', 'services', 'persistentvolumeclaims', 'configmaps', 'secrets'],
  resyncMs: REPAIR_RESYNC_MS,
  resyncOnWallClock: true,
  // the full recalculation, over the namespaces whose last sync found quotas (no list of every namespace)
  periodMs: RESOURCE_QUOTA_SYNC_PERIOD_MS,
  // creates are charged by admission; what frees quota is a deletion (pods: once being deleted)
  // (and only in a namespace that holds a quota: the reconcile lists the quotas first)
  wants: (n, scope) =>
    (n.resource === 'resourcequotas' || n.type === 'DELETED' || (n.resource === 'pods' && !!n.deleting)) &&
    anchorHeld(n, scope, 'resourcequotas', ['pods', 'services', 'persistentvolumeclaims', 'configmaps', 'secrets']),
  keysFor: (n: ChangeNotice) => (n.namespace ? [n.namespace] : []),
  async allKeys(client: Client): Promise<string[]> {
    const quotas = await client.resource<ResourceQuota>(RESOURCE_QUOTAS).list();
    return [...new Set(quotas.items.map((q) => q.metadata!.namespace!))];
  },
  async reconcile(namespace, { client, now }) {
    const quotas = (await client.resource<ResourceQuota>(RESOURCE_QUOTAS).namespace(namespace).list()).items;
    // a namespace without quotas leaves the period until a quota's notice brings it back
    if (quotas.length === 0) return { settled: true };
    const wanted = quotaResources(quotas.flatMap((q) => Object.keys(q.spec?.hard ?? {})));
    const lists = new Map<string, KubeObject[]>();
    await Promise.all(
      wanted.map(async (key) => {
        const def = BUILTIN_RESOURCES.find((d) => d.namespaced && !d.virtual && storageKeyOf(d) === key);
        if (def) lists.set(key, (await client.resource(def).namespace(namespace).list()).items as KubeObject[]);
      }),
    );
    for (const q of quotas) {
      const status = quotaStatus(q, (key) => lists.get(key), now);
      if (same(status, q.status)) continue;
      await client.resource<ResourceQuota>(RESOURCE_QUOTAS).namespace(namespace).updateStatus({ ...q, status }, { fieldManager: FIELD_MANAGER });
    }
    return {};
  },
};
