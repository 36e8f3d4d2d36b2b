import type { ResourceDef } from '../shared/api/registry';
import { BUILTIN_RESOURCES } from '../shared/api/registry';
import type { RemoteStoreApi } from '../shared/apiserver/store-protocol';
import { authorizeComponent } from '../shared/auth/component-authorizer';
import { authorizingStore } from '../shared/auth/authorizing-store';
import { componentIdentity } from '../shared/auth/component-identity';
import { RpcClient } from '../shared/client';
import type { Env } from './env';
import { log } from './log';
import { namespaceNames } from './namespaces';
import { CLUSTER_STORE, storeStub } from './stores';

/**
 * The in-cluster Client: typed RPC straight to the stores, no HTTP hop. Without a component it is
 * the API server's own loopback client (unrestricted, as upstream's system:apiserver).
 * @example const client = clusterClient(env, { fieldManager: 'scheduler', component: 'scheduler' });
 */
export function clusterClient(env: Env, opts: { fieldManager?: string; resources?: ResourceDef[]; component?: string; onCall?: (store: string) => void } = {}): RpcClient {
  const stores = opts.component === undefined ? (store: string) => storeStub(env, store) : componentStores(env, opts.component);
  // `onCall` hears of every store RPC about to be made (a controller host counts what its loop costs)
  const { onCall } = opts;
  const storeOf = onCall ? (store: string) => (onCall(store), stores(store)) : stores;
  return new RpcClient({
    storeOf,
    namespaces: () => (onCall?.(CLUSTER_STORE), namespaceNames(env)),
    fieldManager: opts.fieldManager,
    ...(opts.resources ? { resources: [...BUILTIN_RESOURCES, ...opts.resources] } : {}),
  });
}

/**
 * The stores as a simulated component (a controller host's name: `deployment`, `scheduler`,
 * `kubelet`) may call them: every call authorized against its upstream identity and role
 * (shared/auth/component-identity.ts), a denied one answered with upstream's 403.
 */
export function componentStores(env: Env, component: string): (store: string) => RemoteStoreApi {
  const id = componentIdentity(component);
  if (!id) throw new Error(`no identity for component ${JSON.stringify(component)}`);
  return (store) =>
    authorizingStore(storeStub(env, store), store, (r) => {
      const denied = authorizeComponent(id, r);
      // a component denied is a bug in its role or its loop: say so where the operator looks
      if (denied) log.warn('component request forbidden', { component, error: denied.message });
      return denied;
    });
}
