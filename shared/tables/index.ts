export { toTable, type IncludeObject, type ToTableOptions } from './to-table';
export { tableColumns, printerFor } from './printer-for';
export { humanDuration } from './human-duration';
export { customResourcePrinter, cellForJsonValue, DEFAULT_CUSTOM_RESOURCE_COLUMNS } from './custom-resource-printer';
export { compileJsonPath, type JsonPath } from './json-path';
export { nodeRoles } from './node-printer';
export type {
  CustomResourceColumnDefinition,
  PartialObjectMetadata,
  PrintedRow,
  Printer,
  Table,
  TableApiVersion,
  TableCell,
  TableColumnDefinition,
  TableRow,
  TableRowCondition,
} from './types';
