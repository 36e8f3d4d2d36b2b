import type { Pod, Service } from 'kubernetes-types/core/v1';
import { ApiError } from '../../shared/api/errors';
import type { Client } from '../../shared/client';
import { parseServiceKey } from '../../shared/controllers/endpointslice';
import { PODS, SERVICES } from '../../shared/api/resource-refs';

/**
 * Reads what a key of the endpoint controllers names — one service, or every service of a namespace —
 * with the namespace's pods, and hands each service to `sync` (a service that is gone to `gone`).
 * One service's failure does not stop the others; the errors come back together.
 */
export async function syncServices(
  client: Client,
  key: string,
  sync: (service: Service, pods: Pod[]) => Promise<void>,
  gone: (name: string) => Promise<void> = async () => undefined,
): Promise<void> {
  const { namespace, name } = parseServiceKey(key);
  const services = client.resource<Service>(SERVICES).namespace(namespace);
  let list: Service[];
  if (name === undefined) list = (await services.list()).items;
  else {
    try {
      list = [await services.get(name)];
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 404)) throw e;
      return gone(name);
    }
  }
  if (list.length === 0) return;
  const pods = (await client.resource<Pod>(PODS).namespace(namespace).list()).items;
  const errors: unknown[] = [];
  for (const service of list) {
    try {
      await sync(service, pods);
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length) throw new Error(errors.map((e) => (e instanceof Error ? e.message : String(e))).join('; '));
}
