import { ApiError, type Status } from '../../shared/api/errors';
import type { StoredObject } from '../../shared/api/object';
import { BUILTIN_RESOURCES, type ResourceDef } from '../../shared/api/registry';
import { decodeContinue, encodeComposite, encodeContinue } from '../../shared/apiserver/resource-version';
import type { ListResult, StoreResult } from '../../shared/apiserver/store-protocol';
import { CLUSTER_STORE, namespaceStore, storeStub, type Env } from '../env';
import type { RequestOptions } from './query';

const NAMESPACE_DEF = BUILTIN_RESOURCES.find((d) => d.group === '' && d.kind === 'Namespace')!;

/** The value of a store call, or its Status thrown as the ApiError it was. */
export function unwrap<T>(r: StoreResult<T>): T {
  if (r.ok) return r.value;
  throw statusError(r.status);
}

export function statusError(s: Status): ApiError {
  return new ApiError(s.code, (s.reason ?? 'InternalError') as never, s.message ?? '', s.details);
}

/** Names of every namespace, from the cluster store. */
export async function namespaceNames(env: Env): Promise<string[]> {
  const list = unwrap(await storeStub(env, CLUSTER_STORE).list({ def: NAMESPACE_DEF }));
  return list.items.map((n) => n.metadata.name);
}

/**
 * A list across all namespaces: every namespace store is asked in parallel, items come back in
 * namespace/name order, and the resourceVersion is the composite of the stores' counters.
 */
export async function listAllNamespaces(env: Env, def: ResourceDef, opts: RequestOptions): Promise<ListResult> {
  const names = (await namespaceNames(env)).sort();
  let start = '';
  let rv: string | undefined;
  if (opts.continue) {
    const token = decodeContinue(opts.continue);
    start = token.start;
    rv = token.rv;
  }
  const results = await Promise.all(
    names.map(async (ns) => ({
      ns,
      result: unwrap(
        await storeStub(env, namespaceStore(ns)).list({ def, labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector }),
      ),
    })),
  );
  const versions: Record<string, number> = {};
  const all: StoredObject[] = [];
  for (const { ns, result } of results) {
    versions[ns] = Number(result.resourceVersion);
    all.push(...result.items);
  }
  const key = (o: StoredObject) => `${o.metadata.namespace}/${o.metadata.name}`;
  const after = start ? all.filter((o) => key(o) > start) : all;
  const resourceVersion = rv ?? encodeComposite(versions);
  const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
  if (after.length <= limit) return { items: after, resourceVersion };
  const items = after.slice(0, limit);
  return {
    items,
    resourceVersion,
    continue: encodeContinue({ rv: resourceVersion, start: key(items[items.length - 1]!) }),
    remainingItemCount: opts.labelSelector || opts.fieldSelector ? undefined : after.length - limit,
  };
}
