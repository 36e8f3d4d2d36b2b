// Port of k8s.io/apiserver rest.defaultTableConvertor: what built-in resources without a printer
// (Roles, ClusterRoles, CustomResourceDefinitions, ...) return — NAME and an RFC 3339 CREATED AT.
import { NAME_COLUMN, column } from './columns';
import { formatRFC3339 } from './timestamps';
import type { Printer } from './types';

/** Columns and cells of upstream's default table convertor: NAME CREATED AT. */
export const defaultPrinter: Printer = {
  columns: [NAME_COLUMN, column('Created At', 'date', 'ObjectMeta.creationTimestamp')],
  print: (obj) => ({ cells: [obj.metadata?.name ?? '', formatRFC3339(obj.metadata?.creationTimestamp)] }),
};
