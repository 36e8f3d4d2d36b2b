import type { Event } from 'kubernetes-types/core/v1';
import { ApiError } from '../../api/errors';
import type { KubeObject } from '../../api/object';
import type { StoreApi } from '../../apiserver/store-protocol';
import type { Client } from '../../client';
import type { EventSink } from './event-recorder';
import { EVENT_DEF } from '../../api/resource-defs';

const notFound = (code: number | undefined) => code === 404;

/** Events written through a client: one create call per Event. */
export function clientEventSink(client: Client): EventSink {
  const events = (ns: string) => client.resource<KubeObject>({ group: '', version: 'v1', plural: 'events' }).namespace(ns);
  return {
    create: (ns, list, fieldManager) =>
      Promise.all(list.map((e) => events(ns).create(e as unknown as KubeObject, { fieldManager }).then((o) => o as unknown as Event, () => undefined))),
    patch: (ns, name, patch, fieldManager) =>
      events(ns)
        .patch(name, 'merge', { ...patch }, { fieldManager })
        .then(
          (o) => o as unknown as Event,
          (e) => (e instanceof ApiError && notFound(e.code) ? ('NotFound' as const) : undefined),
        ),
  };
}

/** Events written straight to their namespace's store: a batch's creates as one createMany. */
export function storeEventSink(storeOf: (namespace: string) => StoreApi): EventSink {
  return {
    create: async (ns, list, fieldManager) => {
      const results = await storeOf(ns).createMany(list.map((e) => ({ def: EVENT_DEF, object: e as unknown as KubeObject, version: 'v1', fieldManager })));
      return results.map((r) => (r.ok ? (r.value.object as unknown as Event) : undefined));
    },
    patch: async (ns, name, patch, fieldManager) => {
      const r = await storeOf(ns).patch({ def: EVENT_DEF, name, patchType: 'merge', patch: { ...patch }, target: 'main', version: 'v1', fieldManager });
      if (r.ok) return r.value.object as unknown as Event;
      return notFound(r.status.code) ? 'NotFound' : undefined;
    },
  };
}
