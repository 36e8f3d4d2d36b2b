import type { Event } from 'kubernetes-types/core/v1';
import type { StoreApi } from '../../shared/apiserver/store-protocol';
import type { Client } from '../../shared/client';
import { clientEventSink, EventRecorder, recordedAt, storeEventSink, type CorrelatorBacking } from '../../shared/controllers/event-correlation';
import { namespaceStore } from '../../platform/stores';

const recorders = new WeakMap<Client, EventRecorder>();

/**
 * Makes `recorder` the one for Events written through `client`: a controller host binds its clients to
 * its own recorder (one correlator per host, as one per upstream controller or kubelet).
 */
export function bindRecorder(client: Client, recorder: EventRecorder): void {
  recorders.set(client, recorder);
}

/**
 * A recorder writing straight to the namespace stores (a batch's new Events as one createMany per namespace),
 * its caches kept in `backing` when given (a host's rows), else in memory.
 */
export function storeRecorder(store: (name: string) => StoreApi, backing?: () => CorrelatorBacking): EventRecorder {
  return new EventRecorder(storeEventSink((ns) => store(namespaceStore(ns))), backing);
}

/** The recorder for Events written through `client`: the one bound to it, else one kept with the client (a test's). */
export function recorderFor(client: Client): EventRecorder {
  let recorder = recorders.get(client);
  if (!recorder) {
    recorder = new EventRecorder(clientEventSink(client));
    recorders.set(client, recorder);
  }
  return recorder;
}

/**
 * Records Events (built by makeEvent, in order, each at the time it carries) through the client's
 * recorder: a repeat patches the Event it repeats; best effort, as upstream's recorder.
 */
export function recordEvents(client: Client, events: readonly Event[], fieldManager: string): Promise<void> {
  return recorderFor(client).record(events.map(recordedAt), fieldManager);
}
