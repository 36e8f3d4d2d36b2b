import type { ConfigMap, Namespace } from 'kubernetes-types/core/v1';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import type { Client } from '../../shared/client';
import { ApiError } from '../../shared/api/errors';
import { getOrUndefined } from '../../shared/client/store-result';
import { ROOT_CA_CONFIG_MAP, rootCaNoticeWanted, rootCaSync } from '../../shared/auth/root-ca';
import type { ControllerDef } from './controller-def';
import { CONFIG_MAPS, NAMESPACES } from '../../shared/api/resource-refs';

const FIELD_MANAGER = { fieldManager: 'root-ca-cert-publisher' };

/**
 * kube-controller-manager's root-ca-cert-publisher: keys are namespaces; each gets the
 * kube-root-ca.crt ConfigMap the kube-api-access volume of its pods projects as ca.crt, put back
 * when edited or deleted (shared/auth/root-ca.ts). Notices drive it; the resync only repairs what a
 * lost notice missed, so it runs on the wall clock with upstream's informer period (12 h), and a
 * fast cluster clock does not list every namespace each wall second.
 */
export const rootCaPublisherController: ControllerDef = {
  name: 'root-ca-cert-publisher',
  watches: ['namespaces', 'configmaps'],
  resyncMs: 12 * 60 * 60_000,
  resyncOnWallClock: true,
  wants: rootCaNoticeWanted,
  keysFor: (n: ChangeNotice) => [n.resource === 'namespaces' ? n.name : (n.namespace ?? '')],
  async allKeys(client: Client): Promise<string[]> {
    return (await client.resource<Namespace>(NAMESPACES).list()).items.map((n) => n.metadata!.name!);
  },
  async reconcile(name, ctx) {
    if (!name) return {};
    const namespaces = ctx.client.resource<Namespace>(NAMESPACES);
    const configMaps = ctx.client.resource<ConfigMap>(CONFIG_MAPS).namespace(name);
    const action = rootCaSync(await getOrUndefined(namespaces.get(name)), await getOrUndefined(configMaps.get(ROOT_CA_CONFIG_MAP)));
    if (action?.kind === 'update') await configMaps.update(action.configMap, FIELD_MANAGER);
    if (action?.kind === 'create') {
      await configMaps.create(action.configMap, FIELD_MANAGER).catch(async (e: unknown) => {
        // upstream does not retry a create in a namespace that is gone or began terminating meanwhile
        const refused = e instanceof ApiError && (e.code === 404 || e.code === 403);
        if (!refused || rootCaSync(await getOrUndefined(namespaces.get(name)), undefined)) throw e;
      });
    }
    return {};
  },
};
