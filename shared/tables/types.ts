import type { KubeObject } from '../api/object';

/** A column of a meta.k8s.io/v1 Table; `priority > 0` columns are shown only by `kubectl get -o wide`. */
export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/** A cell value as upstream serialises it: strings, int64/float64 numbers, booleans, or null (kubectl prints `<none>`). */
export type TableCell = string | number | boolean | null;

/** A row condition; upstream only emits `Completed` for finished pods. */
export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** The object embedded in a row: PartialObjectMetadata, the full object, or absent (includeObject=None). */
export interface PartialObjectMetadata {
  kind: 'PartialObjectMetadata';
  apiVersion: TableApiVersion;
  metadata: NonNullable<KubeObject['metadata']>;
}

export interface TableRow {
  cells: TableCell[];
  conditions?: TableRowCondition[];
  object?: PartialObjectMetadata | KubeObject;
}

/** The meta.k8s.io group versions a Table (and its PartialObjectMetadata rows) may be requested in. */
export type TableApiVersion = 'meta.k8s.io/v1' | 'meta.k8s.io/v1beta1';

/** The full `as=Table` response body. */
export interface Table {
  kind: 'Table';
  apiVersion: TableApiVersion;
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

/** A CRD `additionalPrinterColumns` entry (apiextensions.k8s.io/v1 CustomResourceColumnDefinition). */
export interface CustomResourceColumnDefinition {
  name: string;
  type: string;
  jsonPath: string;
  format?: string;
  description?: string;
  priority?: number;
}

/** What a printer returns for one object. */
export interface PrintedRow {
  cells: TableCell[];
  conditions?: TableRowCondition[];
}

/** Columns plus the pure function that fills them; `now` is epoch milliseconds. */
export interface Printer {
  columns: TableColumnDefinition[];
  print(obj: KubeObject, now: number): PrintedRow;
}
