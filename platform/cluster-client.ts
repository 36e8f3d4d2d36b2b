import type { ResourceDef } from '../shared/api/registry';
import { BUILTIN_RESOURCES } from '../shared/api/registry';
import { RpcClient } from '../shared/client';
import type { Env } from './env';
import { namespaceNames } from './namespaces';
import { storeStub } from './stores';

/**
 * The in-cluster Client: typed RPC straight to the stores, no HTTP hop.
 * @example const client = clusterClient(env, { fieldManager: 'scheduler' });
 */
export function clusterClient(env: Env, opts: { fieldManager?: string; resources?: ResourceDef[] } = {}): RpcClient {
  return new RpcClient({
    storeOf: (store) => storeStub(env, store),
    namespaces: () => namespaceNames(env),
    fieldManager: opts.fieldManager,
    ...(opts.resources ? { resources: [...BUILTIN_RESOURCES, ...opts.resources] } : {}),
  });
}
