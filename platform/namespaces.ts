import { unwrap } from '../shared/client/store-result';
import type { Env } from './env';
import { CLUSTER_STORE, storeStub } from './stores';
import { NAMESPACE_DEF } from '../shared/api/resource-defs';

/** Names of every namespace, from the cluster store. */
export async function namespaceNames(env: Env): Promise<string[]> {
  const list = unwrap(await storeStub(env, CLUSTER_STORE).list({ def: NAMESPACE_DEF }));
  return list.items.map((n) => n.metadata.name);
}
