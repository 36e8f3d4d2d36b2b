import type { KubeObject } from '../../../shared/api/object';
import { printerFor } from '../../../shared/tables';
import type { TableCell } from '../../../shared/tables';

/** The fixed clock every table test uses. */
export const NOW = Date.parse('2024-05-01T12:00:00Z');

/** An RFC 3339 timestamp `ms` before NOW. */
export function ago(ms: number): string {
  return new Date(NOW - ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** All (wide) cells a kind's printer produces for one object. */
export function cells(group: string, kind: string, obj: KubeObject): TableCell[] {
  return printerFor(group, kind).print(obj, NOW).cells;
}

/** Column names as kubectl prints headers (upper-cased), split into default and -o wide extras. */
export function headers(group: string, kind: string): { normal: string[]; wide: string[] } {
  const cols = printerFor(group, kind).columns;
  return {
    normal: cols.filter((c) => c.priority === 0).map((c) => c.name.toUpperCase()),
    wide: cols.filter((c) => c.priority > 0).map((c) => c.name.toUpperCase()),
  };
}
