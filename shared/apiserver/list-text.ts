import { apiVersionOf, type ResourceDef } from '../api/registry';
import { storageOf } from './storage-resource';

/** The list metadata a page carries (ListMeta). */
export interface ListMeta {
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

/** ListMeta as upstream writes it: continue and remainingItemCount only when set. */
export function listMetadata(meta: ListMeta): Record<string, unknown> {
  const metadata: Record<string, unknown> = { resourceVersion: meta.resourceVersion };
  if (meta.continue) metadata.continue = meta.continue;
  if (meta.remainingItemCount !== undefined) metadata.remainingItemCount = meta.remainingItemCount;
  return metadata;
}

/**
 * A whole list response as text around its items' stored JSON (`items`: the objects' texts joined
 * with commas), for a list served as stored (conversion.ts servedAsStored: the storage version, no
 * Table): the items are never parsed or re-serialized between SQLite and the client.
 */
export function listText(def: ResourceDef, items: string, meta: ListMeta): string {
  const head = JSON.stringify({ kind: `${def.kind}List`, apiVersion: apiVersionOf(def.group, storageOf(def).version), metadata: listMetadata(meta) });
  return `${head.slice(0, -1)},"items":[${items}]}`;
}
