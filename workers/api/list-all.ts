import { BUILTIN_RESOURCES, type ResourceDef } from '../../shared/api/registry';
import type { ListResult } from '../../shared/apiserver/store-protocol';
import { mergeNamespaceLists } from '../../shared/client/list-merge';
import { unwrap } from '../../shared/client/store-result';
import { CLUSTER_STORE, namespaceStore, storeStub, type Env } from '../env';
import type { RequestOptions } from './query';

// kept as a re-export so handlers keep importing the store-result helper from here
export { unwrap };

const NAMESPACE_DEF = BUILTIN_RESOURCES.find((d) => d.group === '' && d.kind === 'Namespace')!;

/** Names of every namespace, from the cluster store. */
export async function namespaceNames(env: Env): Promise<string[]> {
  const list = unwrap(await storeStub(env, CLUSTER_STORE).list({ def: NAMESPACE_DEF }));
  return list.items.map((n) => n.metadata.name);
}

/**
 * A list across all namespaces: every namespace store is asked in parallel, and the lists are
 * merged by mergeNamespaceLists (namespace/name order, composite resourceVersion, pages continuing
 * after the token's `namespace/name`).
 */
export async function listAllNamespaces(env: Env, def: ResourceDef, opts: RequestOptions): Promise<ListResult> {
  const names = await namespaceNames(env);
  const { labelSelector, fieldSelector } = opts;
  const results = await Promise.all(
    names.map(async (namespace) => ({
      namespace,
      result: unwrap(await storeStub(env, namespaceStore(namespace)).list({ def, labelSelector, fieldSelector })),
    })),
  );
  return mergeNamespaceLists(results, { limit: opts.limit, continue: opts.continue, filtered: Boolean(labelSelector || fieldSelector) });
}
