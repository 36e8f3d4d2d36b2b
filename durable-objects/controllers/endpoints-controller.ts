import type { Endpoints, Pod, Service } from 'kubernetes-types/core/v1';
import { ApiError } from '../../shared/api/errors';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import { anchorHeld } from '../../shared/controllers/notice-scope';
import type { Client } from '../../shared/client';
import { reconcileEndpoints } from '../../shared/controllers/endpoints';
import { parseServiceKey, selectsPod, serviceKeysFor } from '../../shared/controllers/endpointslice';
import { eventAction } from '../../shared/controllers/events';
import type { ControllerDef } from './controller-def';
import { executeActions } from './execute-actions';
import { syncServices } from './service-sync';
import { REPAIR_RESYNC_MS } from '../../shared/controllers/resync-policy';
import { ENDPOINTS, SERVICES } from '../../shared/api/resource-refs';

const COMPONENT = 'endpoint-controller';

/**
 * The Endpoints controller: the Endpoints named after each Service with a selector list its pods'
 * addresses (shared/controllers/endpoints). Keys as the EndpointSlice controller's; an Endpoints
 * deleted by someone else queues its service, which recreates it.
 */
export const endpointsController: ControllerDef = {
  name: 'endpoints',
  watches: ['services', 'pods', 'endpoints'],
  resyncMs: REPAIR_RESYNC_MS,
  resyncOnWallClock: true,
  // pods matter through a namespace's Services only (syncServices lists them first)
  wants: (n, scope) => (n.resource !== 'endpoints' || n.type === 'DELETED') && anchorHeld(n, scope, 'services', ['pods']),
  keysFor(n: ChangeNotice): string[] {
    if (n.resource === 'endpoints') return n.namespace ? [`${n.namespace}/${n.name}`] : [];
    return serviceKeysFor(n);
  },
  async allKeys(client: Client): Promise<string[]> {
    const list = await client.resource<Service>(SERVICES).list();
    return list.items.map((s) => `${s.metadata!.namespace}/${s.metadata!.name}`);
  },
  async reconcile(key, { client, now }) {
    const { namespace } = parseServiceKey(key);
    const endpoints = client.resource<Endpoints>(ENDPOINTS).namespace(namespace);
    // read once per key, and only when some service (or a deleted one's Endpoints) is there to sync
    let reads: Promise<Map<string, Endpoints>> | undefined;
    const load = () => (reads ??= endpoints.list().then((l) => new Map(l.items.map((e) => [e.metadata?.name ?? '', e]))));
    const write = async (name: string, service: Service | undefined, pods: Pod[]) => {
      const current = await load();
      const actions = reconcileEndpoints({ namespace, name, service, pods, current: current.get(name) });
      const report = await executeActions(client, actions, COMPONENT);
      if (!report.failed) return;
      const e = report.failed.error;
      const creating = report.failed.action.kind === 'create';
      // a terminating namespace refuses creates for good: nothing to retry, as upstream
      if (creating && e instanceof ApiError && e.code === 403) return;
      if (service && (creating || report.failed.action.kind === 'update')) {
        const detail = e instanceof Error ? e.message : String(e);
        const [reason, message] = creating
          ? ['FailedToCreateEndpoint', `Failed to create endpoint for service ${namespace}/${name}: ${detail}`]
          : ['FailedToUpdateEndpoint', `Failed to update endpoint ${namespace}/${name}: ${detail}`];
        const involved = { apiVersion: 'v1', kind: 'Endpoints', metadata: { ...(await load()).get(name)?.metadata, name, namespace } };
        await executeActions(client, [eventAction(involved, 'Warning', reason, message, COMPONENT, now)], COMPONENT);
      }
      throw e;
    };
    await syncServices(
      client,
      key,
      (service, pods) => write(service.metadata?.name ?? '', service, pods.filter((p) => selectsPod(service, p))),
      (name) => write(name, undefined, []),
    );
    return {};
  },
};
