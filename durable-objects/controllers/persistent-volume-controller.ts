import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { ApiError } from '../../shared/api/errors';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import type { Client } from '../../shared/client';
import type { Action } from '../../shared/controllers/actions';
import { claimSettled, PV_BINDER_SYNC_PERIOD_MS, PV_CONTROLLER_COMPONENT, syncClaim, syncVolume, volumeSettled } from '../../shared/controllers/persistent-volume';
import type { ControllerDef, ReconcileContext } from './controller-def';
import { executeActions } from './execute-actions';
import { splitKey } from './keys';
import { REPAIR_RESYNC_MS } from '../../shared/controllers/resync-policy';
import { PERSISTENT_VOLUMES, PERSISTENT_VOLUME_CLAIMS, STORAGE_CLASSES } from '../../shared/api/resource-refs';

const notFound = (e: unknown) => e instanceof ApiError && e.code === 404;

async function getOrNone<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (notFound(e)) return undefined;
    throw e;
  }
}

async function run(ctx: ReconcileContext, actions: Action[]): Promise<void> {
  const report = await executeActions(ctx.client, actions, PV_CONTROLLER_COMPONENT);
  if (report.failed) throw report.failed.error;
}

/** Which claim versions were already reported on (informational events are not repeated at every resync). */
const reportedOf = (ctx: ReconcileContext) => (ctx.memo.reported ??= new Map<string, string>()) as Map<string, string>;

/** Syncs one claim; true when the periodic sync has nothing left to do for it (as read before this sync). */
async function reconcileClaim(ctx: ReconcileContext, namespace: string, name: string): Promise<boolean> {
  const { client, now } = ctx;
  const [claim, volumes, classes] = await Promise.all([
    getOrNone(client.resource<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS).namespace(namespace).get(name)),
    client.resource<PersistentVolume>(PERSISTENT_VOLUMES).list(),
    client.resource<StorageClass>(STORAGE_CLASSES).list(),
  ]);
  const key = `${namespace}/${name}`;
  if (!claim) {
    reportedOf(ctx).delete(key);
    // the claim went away: its volumes are released and reclaimed
    for (const volume of volumes.items.filter((v) => v.spec?.claimRef?.namespace === namespace && v.spec.claimRef.name === name)) {
      await run(ctx, syncVolume({ volume, now }).actions);
    }
    return true;
  }
  const reported = reportedOf(ctx).get(key) === claim.metadata?.resourceVersion;
  await run(ctx, syncClaim({ claim, volumes: volumes.items, classes: classes.items, now, reported }).actions);
  reportedOf(ctx).set(key, claim.metadata?.resourceVersion ?? '');
  return claimSettled(claim);
}

/** Syncs one volume; true when the periodic sync has nothing left to do for it (as read before this sync). */
async function reconcileVolume(ctx: ReconcileContext, name: string): Promise<boolean> {
  const { client, now } = ctx;
  const volume = await getOrNone(client.resource<PersistentVolume>(PERSISTENT_VOLUMES).get(name));
  if (!volume) return true;
  const ref = volume.spec?.claimRef;
  const claim = ref?.name ? await getOrNone(client.resource<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS).namespace(ref.namespace ?? '').get(ref.name)) : undefined;
  await run(ctx, syncVolume({ volume, claim, now }).actions);
  // a volume pre-bound to a waiting claim (the provisioner's, or an administrator's) binds it now
  if (claim && claim.metadata?.uid === ref?.uid && !claim.spec?.volumeName) await reconcileClaim(ctx, ref!.namespace ?? '', ref!.name!);
  return volumeSettled(volume);
}

/**
 * kube-controller-manager's persistentvolume-binder (pkg/controller/volume/persistentvolume) with the
 * simulated provisioner: keys `claim/<ns>/<name>` and `volume/<name>`; decisions in
 * shared/controllers/persistent-volume.
 */
export const persistentVolumeController: ControllerDef = {
  name: 'persistent-volume',
  watches: ['persistentvolumeclaims', 'persistentvolumes'],
  // notices carry the changes; the wall-clock resync only covers what was missed
  resyncMs: REPAIR_RESYNC_MS,
  resyncOnWallClock: true,
  // upstream's 15 s sync binds a Pending claim to a volume created after it: in cluster time, over the unsettled keys only
  periodMs: PV_BINDER_SYNC_PERIOD_MS,
  keysFor(n: ChangeNotice): string[] {
    if (n.resource === 'persistentvolumes') return [`volume/${n.name}`];
    return [`claim/${n.namespace}/${n.name}`];
  },
  async allKeys(client: Client): Promise<string[]> {
    const [claims, volumes] = await Promise.all([client.resource<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS).list(), client.resource<PersistentVolume>(PERSISTENT_VOLUMES).list()]);
    return [...claims.items.map((c) => `claim/${c.metadata!.namespace}/${c.metadata!.name}`), ...volumes.items.map((v) => `volume/${v.metadata!.name}`)];
  },
  async reconcile(key, ctx) {
    if (key.startsWith('volume/')) return { settled: await reconcileVolume(ctx, key.slice('volume/'.length)) };
    const { namespace, name } = splitKey(key.slice('claim/'.length));
    return { settled: await reconcileClaim(ctx, namespace, name) };
  },
};
