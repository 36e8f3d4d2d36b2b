import type { ResourceDef } from '../../shared/api/registry';
import type { ListResult } from '../../shared/apiserver/store-protocol';
import { mergeNamespaceLists } from '../../shared/client/list-merge';
import { unwrap } from '../../shared/client/store-result';
import type { Env } from '../../platform/env';
import { namespaceNames } from '../../platform/namespaces';
import { namespaceStore, storeStub } from '../../platform/stores';
import type { RequestOptions } from './query';

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
