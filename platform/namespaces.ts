import { BUILTIN_RESOURCES } from '../shared/api/registry';
import { unwrap } from '../shared/client/store-result';
import type { Env } from './env';
import { CLUSTER_STORE, storeStub } from './stores';

const NAMESPACE_DEF = BUILTIN_RESOURCES.find((d) => d.group === '' && d.kind === 'Namespace')!;

/** Names of every namespace, from the cluster store. */
export async function namespaceNames(env: Env): Promise<string[]> {
  const list = unwrap(await storeStub(env, CLUSTER_STORE).list({ def: NAMESPACE_DEF }));
  return list.items.map((n) => n.metadata.name);
}
