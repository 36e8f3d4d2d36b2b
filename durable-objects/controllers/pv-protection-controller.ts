import type { PersistentVolume } from 'kubernetes-types/core/v1';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import type { Client } from '../../shared/client';
import { getOrUndefined } from '../../shared/client/store-result';
import { volumeProtection } from '../../shared/controllers/persistent-volume';
import type { ControllerDef } from './controller-def';
import { executeActions } from './execute-actions';
import { REPAIR_RESYNC_MS } from '../../shared/controllers/resync-policy';
import { PERSISTENT_VOLUMES } from '../../shared/api/resource-refs';

/**
 * kube-controller-manager's pv-protection controller (pkg/controller/volume/pvprotection): keys
 * `<name>`; a deleted volume goes once the PV controller no longer reports it Bound.
 */
export const pvProtectionController: ControllerDef = {
  name: 'pv-protection',
  watches: ['persistentvolumes'],
  resyncMs: REPAIR_RESYNC_MS,
  resyncOnWallClock: true,
  keysFor: (n: ChangeNotice) => [n.name],
  async allKeys(client: Client): Promise<string[]> {
    return (await client.resource<PersistentVolume>(PERSISTENT_VOLUMES).list()).items.map((v) => v.metadata!.name!);
  },
  async reconcile(name, ctx) {
    const volume = await getOrUndefined(ctx.client.resource<PersistentVolume>(PERSISTENT_VOLUMES).get(name));
    if (!volume) return {};
    const report = await executeActions(ctx.client, volumeProtection(volume), 'pv-protection-controller');
    if (report.failed) throw report.failed.error;
    return {};
  },
};
