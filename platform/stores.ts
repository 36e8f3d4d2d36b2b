import type { ChangeNotice } from '../shared/apiserver/change-notice';
import type { ApiStoreApi } from '../shared/apiserver/store-protocol';
import type { ClockState } from '../shared/clock/cluster-clock';
import type { FlowControlLevelApi } from '../shared/flowcontrol/level-protocol';
import type { Env } from './env';

/** The store holding cluster-scoped objects. */
export const CLUSTER_STORE = 'cluster';

/** The store holding one namespace's objects. */
/** The store that holds an object of a namespaced or cluster-scoped kind. */
export function storeFor(namespaced: boolean, namespace: string | undefined): string {
  return namespaced ? namespaceStore(namespace!) : CLUSTER_STORE;
}

export function namespaceStore(namespace: string): string {
  return `ns:${namespace}`;
}

/**
 * Durable Object ids by name, per binding: idFromName hashes the name on every call (every API request
 * makes one for its store, every change notice one for each controller host it goes to), and a name's id
 * never changes. Bounded, as a cluster may have many namespaces.
 */
const idsByBinding = new WeakMap<object, Map<string, DurableObjectId>>();
const MAX_CACHED_IDS = 10_000;

function idOf(binding: DurableObjectNamespace, name: string): DurableObjectId {
  let ids = idsByBinding.get(binding);
  if (!ids) idsByBinding.set(binding, (ids = new Map()));
  let id = ids.get(name);
  if (!id) {
    if (ids.size >= MAX_CACHED_IDS) ids.clear();
    ids.set(name, (id = binding.idFromName(name)));
  }
  return id;
}

/** A store's typed RPC surface (the stub's generated types lose the result unions). */
export function storeStub(env: Env, name: string): ApiStoreApi {
  return env.STORE.get(idOf(env.STORE, name)) as unknown as ApiStoreApi;
}

/** What a controller host answers over RPC. */
export interface ControllerHostApi {
  /** Stores call this after commits (fire-and-forget). */
  notify(notices: ChangeNotice[]): Promise<void>;
  /** Starts the controller (and its periodic resync) without waiting for a change. */
  start(): Promise<void>;
  /** The cluster clock changed pace or was advanced: take the new state and re-arm the alarm. */
  clockChanged(state: ClockState): Promise<void>;
  /** Keeping pace: the cluster ms this loop's earliest due work has waited (0: on time), from memory. */
  lateness(): Promise<number>;
}

/** A controller host by name (`scheduler`, `kubelet#3`). */
export function controllerStub(env: Env, name: string): ControllerHostApi {
  return env.CONTROLLERS.get(idOf(env.CONTROLLERS, name)) as unknown as ControllerHostApi;
}

/** A priority level's flow-control Durable Object (one per PriorityLevelConfiguration, by name). */
export function flowControlStub(env: Env, level: string): FlowControlLevelApi {
  return env.FLOW_CONTROL.get(idOf(env.FLOW_CONTROL, level)) as unknown as FlowControlLevelApi;
}
