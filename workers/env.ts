import type { ObjectStore } from '../durable-objects/object-store';
import type { ControllerHost } from '../durable-objects/controllers/controller-host';
import type { StoreApi } from '../shared/apiserver/store-protocol';

/** Bindings of the Worker and its Durable Objects (wrangler.toml). */
export interface Env {
  STORE: DurableObjectNamespace<ObjectStore>;
  CONTROLLERS: DurableObjectNamespace<ControllerHost>;
  /** Log level: 'debug' | 'info' | 'warn' | 'error'. */
  LOG_LEVEL?: string;
  /** Host names the API answers (comma-separated, `*` for any); unset: no Host check. Set by `npm run dev`. */
  ALLOWED_HOSTS?: string;
}

/** The store holding cluster-scoped objects. */
export const CLUSTER_STORE = 'cluster';

/** The store holding one namespace's objects. */
export function namespaceStore(namespace: string): string {
  return `ns:${namespace}`;
}

/** A store's typed RPC surface (the stub's generated types lose the result unions). */
export function storeStub(env: Env, name: string): StoreApi {
  return env.STORE.get(env.STORE.idFromName(name)) as unknown as StoreApi;
}
