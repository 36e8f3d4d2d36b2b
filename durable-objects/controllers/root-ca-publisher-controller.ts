import type { ConfigMap, Namespace } from 'kubernetes-types/core/v1';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import type { Client } from '../../shared/client';
import { getOrUndefined } from '../../shared/client/store-result';
import { ROOT_CA_CONFIG_MAP, rootCaSync } from '../../shared/auth/root-ca';
import type { ControllerDef } from './controller-def';

const NAMESPACES = { group: '', version: 'v1', plural: 'namespaces' };
const CONFIG_MAPS = { group: '', version: 'v1', plural: 'configmaps' };

/**
 * kube-controller-manager's root-ca-cert-publisher: keys are namespaces; each gets the
 * kube-root-ca.crt ConfigMap the kube-api-access volume of its pods projects as ca.crt, put back
 * when edited or deleted (shared/auth/root-ca.ts).
 */
export const rootCaPublisherController: ControllerDef = {
  name: 'root-ca-cert-publisher',
  watches: ['namespaces', 'configmaps'],
  resyncMs: 60_000,
  wants: (n: ChangeNotice) => n.resource === 'namespaces' || n.name === ROOT_CA_CONFIG_MAP,
  keysFor: (n: ChangeNotice) => [n.resource === 'namespaces' ? n.name : (n.namespace ?? '')],
  async allKeys(client: Client): Promise<string[]> {
    return (await client.resource<Namespace>(NAMESPACES).list()).items.map((n) => n.metadata!.name!);
  },
  async reconcile(name, ctx) {
    if (!name) return {};
    const namespace = await getOrUndefined(ctx.client.resource<Namespace>(NAMESPACES).get(name));
    const configMaps = ctx.client.resource<ConfigMap>(CONFIG_MAPS).namespace(name);
    const action = rootCaSync(namespace, await getOrUndefined(configMaps.get(ROOT_CA_CONFIG_MAP)));
    if (action?.kind === 'create') await configMaps.create(action.configMap, { fieldManager: 'root-ca-cert-publisher' });
    if (action?.kind === 'update') await configMaps.update(action.configMap, { fieldManager: 'root-ca-cert-publisher' });
    return {};
  },
};
