import type { KubeObject, StoredObject } from '../../shared/api/object';
import { apiVersionOf, type ResourceDef } from '../../shared/api/registry';
import { fromStorageVersion, servedAsStored } from '../../shared/apiserver/conversion';
import { listMetadata, type ListMeta } from '../../shared/apiserver/list-text';
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
  // a list served as stored is built as text in the store instead (list-text.ts listText)
  return { kind: `${fmt.def.kind}List`, apiVersion: apiVersionOf(fmt.def.group, fmt.version), metadata: listMetadata(meta), items: objects };
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

/**
 * Whether a response's objects are exactly their stored JSON text, so the store's text can be the
 * body as it is: the storage version (conversion.ts servedAsStored) and no Table. One decision for
 * lists, gets, creates and watches; Kubeflare serves no protobuf and no field filtering that would add to it.
 */
export function servesAsStored(fmt: OutputFormat): boolean {
  return !fmt.table && servedAsStored(fmt.def, fmt.version);
}
