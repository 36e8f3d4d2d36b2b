import { FIELD_DOCS, type DocKey } from './field-docs';
import type { TableColumnDefinition } from './types';

/** Build a column; `doc` is either a documented field key or upstream's literal description. */
export function column(
  name: string,
  type: string,
  doc: DocKey | { text: string },
  opts: { priority?: number; format?: string } = {},
): TableColumnDefinition {
  const description = typeof doc === 'string' ? FIELD_DOCS[doc] : doc.text;
  return { name, type, format: opts.format ?? '', description, priority: opts.priority ?? 0 };
}

/** The `Name` column every printer starts with. */
export const NAME_COLUMN = column('Name', 'string', 'ObjectMeta.name', { format: 'name' });
/** The `Age` column (a string cell; HumanDuration of the creation time). */
export const AGE_COLUMN = column('Age', 'string', 'ObjectMeta.creationTimestamp');

/** Wide-only `Containers` column of workload printers. */
export const CONTAINERS_COLUMN = column('Containers', 'string', { text: 'Names of each container in the template.' }, { priority: 1 });
/** Wide-only `Images` column of workload printers. */
export const IMAGES_COLUMN = column('Images', 'string', { text: 'Images referenced by each container in the template.' }, { priority: 1 });
