import type { Node, Pod, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { ApiError } from '../../shared/api/errors';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import { anchorHeld } from '../../shared/controllers/notice-scope';
import type { Client } from '../../shared/client';
import { eventAction } from '../../shared/controllers/events';
import {
  ENDPOINTSLICE_CONTROLLER_NAME,
  LABEL_MANAGED_BY,
  LABEL_SERVICE_NAME,
  parseServiceKey,
  reconcileEndpointSlices,
  selectsPod,
  serviceKeysFor,
} from '../../shared/controllers/endpointslice';
import type { ControllerDef } from './controller-def';
import { executeActions } from './execute-actions';
import { syncServices } from './service-sync';
import { REPAIR_RESYNC_MS } from '../../shared/controllers/resync-policy';
import { ENDPOINT_SLICES, NODES, SERVICES } from '../../shared/api/resource-refs';

const SLICES_KEY = 'endpointslices.discovery.k8s.io';
const COMPONENT = 'endpoint-slice-controller';

/**
 * The EndpointSlice controller: every Service with a selector gets EndpointSlices of the pods it
 * selects (shared/controllers/endpointslice). A pod change queues its namespace, whose sync reconciles
 * each service there from one read of the namespace (see serviceKeysFor); a managed slice deleted by
 * someone else queues its service, which recreates it.
 */
export const endpointSliceController: ControllerDef = {
  name: 'endpointslice',
  watches: ['services', 'pods', SLICES_KEY],
  resyncMs: REPAIR_RESYNC_MS,
  resyncOnWallClock: true,
  // pods matter through a namespace's Services only (syncServices lists them first)
  wants: (n, scope) =>
    (n.resource !== SLICES_KEY || (n.type === 'DELETED' && n.labels?.[LABEL_MANAGED_BY] === ENDPOINTSLICE_CONTROLLER_NAME)) && anchorHeld(n, scope, 'services', ['pods']),
  keysFor(n: ChangeNotice): string[] {
    if (n.resource !== SLICES_KEY) return serviceKeysFor(n);
    const service = n.labels?.[LABEL_SERVICE_NAME];
    return service && n.namespace ? [`${n.namespace}/${service}`] : [];
  },
  async allKeys(client: Client): Promise<string[]> {
    const list = await client.resource<Service>(SERVICES).list();
    return list.items.map((s) => `${s.metadata!.namespace}/${s.metadata!.name}`);
  },
  async reconcile(key, { client, now }) {
    const { namespace } = parseServiceKey(key);
    // read once per key, and only when some service is there to sync
    let reads: Promise<[Map<string, Node>, EndpointSlice[]]> | undefined;
    const load = () =>
      (reads ??= Promise.all([
        client.resource<Node>(NODES).list().then((l) => new Map(l.items.map((n) => [n.metadata?.name ?? '', n]))),
        client.resource<EndpointSlice>(ENDPOINT_SLICES).namespace(namespace).list({ labelSelector: `${LABEL_MANAGED_BY}=${ENDPOINTSLICE_CONTROLLER_NAME}` }).then((l) => l.items),
      ]));
    // a deleted service's slices are the garbage collector's (they are owned by it)
    await syncServices(client, key, async (service: Service, pods: Pod[]) => {
      const name = service.metadata?.name;
      const [nodesByName, slices] = await load();
      const existing = slices.filter((s) => s.metadata?.labels?.[LABEL_SERVICE_NAME] === name);
      const result = reconcileEndpointSlices({ service, pods: pods.filter((p) => selectsPod(service, p)), nodes: nodesByName, existing });
      const report = await executeActions(client, result.actions, COMPONENT);
      if (report.failed) {
        const e = report.failed.error;
        // a terminating namespace refuses creates for good: nothing to retry, as upstream
        if (e instanceof ApiError && e.code === 403 && report.failed.action.kind === 'create') return;
        const message = `Error updating Endpoint Slices for Service ${service.metadata?.namespace}/${name}: ${e instanceof Error ? e.message : String(e)}`;
        await executeActions(client, [eventAction(service, 'Warning', 'FailedToUpdateEndpointSlices', message, COMPONENT, now)], COMPONENT);
        throw new Error(message);
      }
      if (result.errors.length) throw new Error(result.errors.join('; '));
    });
    return {};
  },
};
