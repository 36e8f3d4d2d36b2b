import { ApiError } from '../../shared/api/errors';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import { CRD_CLEANUP_FINALIZER, customResourceDef } from '../../shared/apiserver/custom-resources';
import { stableStringify } from '../../shared/apiserver/object-meta';
import type { Client } from '../../shared/client';
import { crdStatus, type CRD } from '../../shared/crd';
import { BUILTIN_RESOURCES } from '../../shared/api/registry';
import type { ControllerDef } from './controller-def';
import { REPAIR_RESYNC_MS } from '../../shared/controllers/resync-policy';
import { CUSTOM_RESOURCE_DEFINITIONS } from '../../shared/api/resource-refs';
import { rfc3339 } from '../../shared/nodes/time-format';

/**
 * apiextensions-apiserver's controllers for CRDs: names accepted and Established conditions, and
 * on deletion the removal of every custom object before the cleanup finalizer goes.
 */
export const crdController: ControllerDef = {
  name: 'crd',
  watches: ['customresourcedefinitions.apiextensions.k8s.io'],
  resyncMs: REPAIR_RESYNC_MS,
  resyncOnWallClock: true,
  keysFor: (n: ChangeNotice) => [n.name],
  async allKeys(client: Client): Promise<string[]> {
    return (await client.resource(CUSTOM_RESOURCE_DEFINITIONS).list()).items.map((c) => c.metadata!.name!);
  },
  async reconcile(name, { client, clientWith, now }) {
    let crd: CRD;
    try {
      crd = (await client.resource(CUSTOM_RESOURCE_DEFINITIONS).get(name)) as unknown as CRD;
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) return {};
      throw e;
    }
    if (crd.metadata?.deletionTimestamp) {
      const def = customResourceDef(crd);
      const objects = clientWith([def]).resource(def);
      const items = (await objects.list()).items;
      for (const o of items) {
        const rc = def.namespaced ? objects.namespace(o.metadata!.namespace!) : objects;
        await rc.delete(o.metadata!.name!).catch((e) => {
          if (!(e instanceof ApiError && e.code === 404)) throw e;
        });
      }
      if (items.length) return { requeueAfterMs: 500 };
      const finalizers = (crd.metadata.finalizers ?? []).filter((f) => f !== CRD_CLEANUP_FINALIZER);
      await client.resource(CUSTOM_RESOURCE_DEFINITIONS).patch(name, 'merge', { metadata: { uid: crd.metadata.uid!, finalizers } });
      return {};
    }
    const all = (await client.resource(CUSTOM_RESOURCE_DEFINITIONS).list()).items as unknown as CRD[];
    const status = crdStatus(crd, all.filter((c) => c.metadata?.name !== name), rfc3339(now), BUILTIN_RESOURCES);
    if (stableStringify(status) !== stableStringify(crd.status ?? {})) {
      await client.resource(CUSTOM_RESOURCE_DEFINITIONS).updateStatus({ ...(crd as unknown as Record<string, unknown>), status } as never);
    }
    return {};
  },
};
