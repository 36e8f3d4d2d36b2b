import type { KubeObject, StoredObject } from '../../shared/api/object';
import { apiVersionOf, type ResourceDef } from '../../shared/api/registry';
import { fromStorageVersion } from '../../shared/apiserver/conversion';
import { crdPrinterColumns } from '../../shared/crd';
import { toTable } from '../../shared/tables';
import type { RequestOptions } from './query';

/** How a response presents objects: the served version, and Table or plain objects. */
export interface OutputFormat {
  def: ResourceDef;
  version: string;
  table: boolean;
  includeObject?: RequestOptions['includeObject'];
  now: number;
}

/** A custom resource prints its CRD's additionalPrinterColumns (an empty list still means "custom": NAME, AGE). */
function customColumns(fmt: OutputFormat) {
  return fmt.def.crd ? (crdPrinterColumns(fmt.def.crd, fmt.version) ?? []) : undefined;
}

export function present(fmt: OutputFormat, obj: StoredObject | KubeObject): KubeObject {
  return fromStorageVersion(fmt.def, obj, fmt.version);
}

export interface ListMeta {
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

/** A list response body: `PodList`, or a Table when kubectl asks for one. */
export function listBody(fmt: OutputFormat, items: KubeObject[], meta: ListMeta): unknown {
  const objects = items.map((o) => present(fmt, o));
  if (fmt.table) {
    return toTable(fmt.def.group, fmt.def.kind, objects, {
      now: fmt.now,
      includeObject: fmt.includeObject,
      resourceVersion: meta.resourceVersion,
      continue: meta.continue,
      customColumns: customColumns(fmt),
    });
  }
  const metadata: Record<string, unknown> = { resourceVersion: meta.resourceVersion };
  if (meta.continue) metadata.continue = meta.continue;
  if (meta.remainingItemCount !== undefined) metadata.remainingItemCount = meta.remainingItemCount;
  return { kind: `${fmt.def.kind}List`, apiVersion: apiVersionOf(fmt.def.group, fmt.version), metadata, items: objects };
}

/**
 * The same list as text around the items' stored JSON (ListRequest.asJson): for a plain list served
 * as stored, the items are never parsed or re-serialized on their way from SQLite to the client.
 */
export function listJsonText(fmt: OutputFormat, json: string[], meta: ListMeta): string {
  const metadata: Record<string, unknown> = { resourceVersion: meta.resourceVersion };
  if (meta.continue) metadata.continue = meta.continue;
  if (meta.remainingItemCount !== undefined) metadata.remainingItemCount = meta.remainingItemCount;
  const head = JSON.stringify({ kind: `${fmt.def.kind}List`, apiVersion: apiVersionOf(fmt.def.group, fmt.version), metadata });
  return `${head.slice(0, -1)},"items":[${json.join(',')}]}`;
}

/** A single-object response: the object, or a one-row Table. */
export function objectBody(fmt: OutputFormat, obj: KubeObject, withColumns = true): unknown {
  const out = present(fmt, obj);
  if (!fmt.table) return out;
  const table = toTable(fmt.def.group, fmt.def.kind, [out], {
    now: fmt.now,
    includeObject: fmt.includeObject,
    resourceVersion: obj.metadata?.resourceVersion,
    customColumns: customColumns(fmt),
  }) as { columnDefinitions?: unknown[] };
  if (!withColumns) table.columnDefinitions = [];
  return table;
}
