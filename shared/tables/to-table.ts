// The `as=Table` response: upstream's TableConvertor (always generated "wide", kubectl hides
// priority > 0 columns itself) followed by the handler's includeObject rewrite of each row.
import { badRequest } from '../api/errors';
import type { KubeObject } from '../api/object';
import { printerFor } from './printer-for';
import type { CustomResourceColumnDefinition, Table, TableApiVersion, TableRow } from './types';

/** What a row embeds: nothing, the full object, or (the default) PartialObjectMetadata. */
export type IncludeObject = 'None' | 'Object' | 'Metadata';

/** Options of toTable; `now` is epoch milliseconds. */
export interface ToTableOptions {
  now: number;
  /** The `includeObject` query parameter; anything else is a 400 as upstream. Default Metadata. */
  includeObject?: IncludeObject | string;
  /** The list's (or single object's) resourceVersion. */
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
  /** The CRD version's additionalPrinterColumns; set (even to []) for custom resources. */
  customColumns?: CustomResourceColumnDefinition[];
  /** The `noHeaders` table option: omit column definitions. */
  noHeaders?: boolean;
  /** The Table group version negotiated from Accept (v1 unless the client asked for v1beta1). */
  apiVersion?: TableApiVersion;
}

/**
 * Render objects of one kind as a meta.k8s.io Table body.
 * @example toTable('apps', 'Deployment', items, { now: Date.parse(clockNow), resourceVersion: '42' })
 */
export function toTable(group: string, kind: string, objects: KubeObject[], opts: ToTableOptions): Table {
  const include = opts.includeObject === undefined || opts.includeObject === '' ? 'Metadata' : opts.includeObject;
  if (include !== 'None' && include !== 'Object' && include !== 'Metadata') {
    throw badRequest(`unrecognized includeObject value: "${include}"`);
  }
  const apiVersion = opts.apiVersion ?? 'meta.k8s.io/v1';
  const printer = printerFor(group, kind, opts.customColumns);

  const rows = objects.map((obj): TableRow => {
    const printed = printer.print(obj, opts.now);
    const row: TableRow = { cells: printed.cells };
    if (printed.conditions) row.conditions = printed.conditions.map((c) => ({ ...c }));
    if (include === 'Object') row.object = structuredClone(obj);
    else if (include === 'Metadata') {
      row.object = { kind: 'PartialObjectMetadata', apiVersion, metadata: structuredClone(obj.metadata ?? {}) };
    }
    return row;
  });

  const metadata: Table['metadata'] = {};
  if (opts.resourceVersion !== undefined && opts.resourceVersion !== '') metadata.resourceVersion = opts.resourceVersion;
  if (opts.continue) metadata.continue = opts.continue;
  if (opts.remainingItemCount !== undefined) metadata.remainingItemCount = opts.remainingItemCount;

  return {
    kind: 'Table',
    apiVersion,
    metadata,
    columnDefinitions: opts.noHeaders ? [] : printer.columns.map((c) => ({ ...c })),
    rows,
  };
}
