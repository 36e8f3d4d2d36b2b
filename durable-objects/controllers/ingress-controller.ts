import type { Ingress, IngressClass } from 'kubernetes-types/networking/v1';
import { ApiError } from '../../shared/api/errors';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import type { Client } from '../../shared/client';
import { ingressLoadBalancer } from '../../shared/network';
import type { ControllerDef } from './controller-def';
import { REPAIR_RESYNC_MS } from '../../shared/controllers/resync-policy';
import { INGRESSES, INGRESS_CLASSES } from '../../shared/api/resource-refs';

const CLASSES_KEY = 'classes';

/** Publishes the controller's address in one Ingress's status when its class is ours and the status differs. */
async function sync(client: Client, ing: Ingress, classes: IngressClass[]): Promise<void> {
  const want = ingressLoadBalancer(ing, classes);
  if (!want || JSON.stringify(ing.status?.loadBalancer ?? {}) === JSON.stringify(want)) return;
  await client.resource<Ingress>(INGRESSES).namespace(ing.metadata!.namespace!).updateStatus({ ...ing, status: { ...ing.status, loadBalancer: want } });
}

/**
 * A simulated ingress controller (`kubeflare.dev/ingress-controller`): Ingresses of an IngressClass naming it
 * (or of the default class) get its address in status.loadBalancer, as ingress-nginx publishes its Service's.
 * Keys: `<namespace>/<name>` per Ingress; `classes` when a class changes, which resyncs every Ingress.
 * Routing itself is answered by NetworkPath (shared/network/ingress-routing.ts).
 */
export const ingressController: ControllerDef = {
  name: 'ingress',
  watches: ['ingresses.networking.k8s.io', 'ingressclasses.networking.k8s.io'],
  resyncMs: REPAIR_RESYNC_MS,
  resyncOnWallClock: true,
  keysFor: (n: ChangeNotice) => (n.resource === 'ingressclasses.networking.k8s.io' ? [CLASSES_KEY] : n.type === 'DELETED' ? [] : [`${n.namespace}/${n.name}`]),
  async allKeys(): Promise<string[]> {
    return [CLASSES_KEY];
  },
  async reconcile(key, { client }) {
    const classes = (await client.resource<IngressClass>(INGRESS_CLASSES).list()).items;
    if (key === CLASSES_KEY) {
      for (const ing of (await client.resource<Ingress>(INGRESSES).list()).items) await sync(client, ing, classes);
      return {};
    }
    const [ns, name] = key.split('/');
    try {
      await sync(client, await client.resource<Ingress>(INGRESSES).namespace(ns!).get(name!), classes);
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 404)) throw e;
    }
    return {};
  },
};
