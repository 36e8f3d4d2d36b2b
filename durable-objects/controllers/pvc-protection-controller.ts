import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import { anchorHeld } from '../../shared/controllers/notice-scope';
import type { Client } from '../../shared/client';
import { getOrUndefined } from '../../shared/client/store-result';
import { claimProtection } from '../../shared/controllers/persistent-volume';
import type { ControllerDef, ReconcileContext } from './controller-def';
import { executeActions } from './execute-actions';
import { splitKey } from './keys';
import { REPAIR_RESYNC_MS } from '../../shared/controllers/resync-policy';
import { PERSISTENT_VOLUME_CLAIMS, PODS } from '../../shared/api/resource-refs';

async function protect(ctx: ReconcileContext, claims: PersistentVolumeClaim[], namespace: string): Promise<void> {
  // pods are listed only when a claim waits on them (upstream's lazy live list)
  let pods: Pod[] | undefined;
  for (const claim of claims) {
    if (claim.metadata?.deletionTimestamp) pods ??= (await ctx.client.resource<Pod>(PODS).namespace(namespace).list()).items;
    const report = await executeActions(ctx.client, claimProtection(claim, pods ?? []), 'pvc-protection-controller');
    if (report.failed) throw report.failed.error;
  }
}

/**
 * kube-controller-manager's pvc-protection controller (pkg/controller/volume/pvcprotection): keys
 * `claim/<ns>/<name>` for claim changes and `namespace/<ns>` when a pod goes away (its claims may be
 * free now); decisions in shared/controllers/persistent-volume/protection.ts.
 */
export const pvcProtectionController: ControllerDef = {
  name: 'pvc-protection',
  watches: ['persistentvolumeclaims', 'pods'],
  resyncMs: REPAIR_RESYNC_MS,
  resyncOnWallClock: true,
  wants(n: ChangeNotice, scope): boolean {
    // a pod going away frees claims of its namespace only: none there, nothing to do
    return (n.resource === 'persistentvolumeclaims' || n.type === 'DELETED' || Boolean(n.deleting)) && anchorHeld(n, scope, 'persistentvolumeclaims', ['pods']);
  },
  keysFor(n: ChangeNotice): string[] {
    return n.resource === 'persistentvolumeclaims' ? [`claim/${n.namespace}/${n.name}`] : [`namespace/${n.namespace}`];
  },
  async allKeys(client: Client): Promise<string[]> {
    const claims = (await client.resource<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS).list()).items;
    return claims.map((c) => `claim/${c.metadata!.namespace}/${c.metadata!.name}`);
  },
  async reconcile(key, ctx) {
    if (key.startsWith('namespace/')) {
      const namespace = key.slice('namespace/'.length);
      const claims = (await ctx.client.resource<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS).namespace(namespace).list()).items;
      await protect(ctx, claims.filter((c) => c.metadata?.deletionTimestamp), namespace);
      return {};
    }
    const { namespace, name } = splitKey(key.slice('claim/'.length));
    const claim = await getOrUndefined(ctx.client.resource<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS).namespace(namespace).get(name));
    if (claim) await protect(ctx, [claim], namespace);
    return {};
  },
};
