// Port of apiextensions-apiserver's tableconvertor: a Name column plus one column per CRD
// additionalPrinterColumn, each a JSONPath evaluated against the object.
import { FIELD_DOCS } from './field-docs';
import { NAME_COLUMN } from './columns';
import { compileJsonPath, type JsonPath } from './json-path';
import { goPrint } from './go-print';
import { humanDuration } from './human-duration';
import { parseTime } from './timestamps';
import type { CustomResourceColumnDefinition, Printer, TableCell, TableColumnDefinition } from './types';

/** The column a CRD version gets when it declares no additionalPrinterColumns. */
export const DEFAULT_CUSTOM_RESOURCE_COLUMNS: CustomResourceColumnDefinition[] = [
  { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp', description: FIELD_DOCS['ObjectMeta.creationTimestamp'] },
];

/**
 * Build the printer for a custom resource version from its CRD `additionalPrinterColumns`.
 * An empty list means the default Age column; a column whose JSONPath does not parse ends the
 * list there, as upstream keeps the columns built before the error.
 * @example customResourcePrinter([{ name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' }])
 */
export function customResourcePrinter(crdColumns: CustomResourceColumnDefinition[]): Printer {
  const defs = crdColumns.length === 0 ? DEFAULT_CUSTOM_RESOURCE_COLUMNS : crdColumns;
  const columns: TableColumnDefinition[] = [NAME_COLUMN];
  const paths: JsonPath[] = [];
  for (const col of defs) {
    let path: JsonPath;
    try {
      path = compileJsonPath(col.jsonPath);
    } catch {
      break;
    }
    paths.push(path);
    columns.push({
      name: col.name,
      type: col.type,
      format: col.format ?? '',
      description: col.description || `Custom resource definition column (in JSONPath format): ${col.jsonPath}`,
      priority: col.priority ?? 0,
    });
  }
  return {
    columns,
    print: (obj, now) => {
      const cells: TableCell[] = [obj.metadata?.name ?? ''];
      paths.forEach((path, i) => {
        // Only the first match is shown, as upstream assumes simple paths.
        const results = path.find(obj);
        cells.push(results.length === 0 ? null : cellForJsonValue(columns[i + 1]!.type, results[0], now));
      });
      return { cells };
    },
  };
}

/** cellForJSONValue: the typed cell for one JSONPath match, or null when the type does not fit. */
export function cellForJsonValue(type: string, value: unknown, now: number): TableCell {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'string':
      return goPrint(value);
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date': {
      if (typeof value !== 'string') return null;
      // metav1.Time.UnmarshalQueryParameter: empty and "null" decode to the zero time.
      if (value === '' || value === 'null') return '<unknown>';
      const t = parseTime(value);
      if (t === undefined) return /^0001-01-01T00:00:00/.test(value) ? '<unknown>' : '<invalid>';
      return humanDuration(now - t);
    }
  }
  return null;
}
