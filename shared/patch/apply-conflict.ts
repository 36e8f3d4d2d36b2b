import { ApiError, type StatusCause } from '../api/errors';
import { pathString, setPaths, type FieldSet } from './field-set';
import type { ManagerState } from './managed-fields';

/** How upstream names a manager in conflict messages (printManager). */
export function printManager(m: Pick<ManagerState, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  let s = JSON.stringify(m.manager);
  if (m.subresource) s = `${s} with subresource ${JSON.stringify(m.subresource)}`;
  if (m.operation === 'Update') s = `${s} using ${m.apiVersion}`;
  return s;
}

/**
 * The 409 an apply gets when it would change fields other managers own
 * (managedfields NewConflictError): one cause per conflicting field.
 */
export function applyConflictError(conflicts: { manager: ManagerState; set: FieldSet }[]): ApiError {
  const flat = conflicts
    .map((c) => ({ who: printManager(c.manager), paths: setPaths(c.set).map(pathString) }))
    .sort((a, b) => (a.who < b.who ? -1 : a.who > b.who ? 1 : 0));
  const causes: StatusCause[] = flat.flatMap((c) =>
    c.paths.map((field) => ({ reason: 'FieldManagerConflict', message: `conflict with ${c.who}`, field })),
  );
  let message: string;
  if (causes.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${flat.find((c) => c.paths.length)!.who}: ${causes[0]!.field}`;
  } else {
    const lines = flat.flatMap((c) => [`conflicts with ${c.who}:`, ...c.paths.map((p) => `- ${p}`)]);
    message = `Apply failed with ${causes.length} conflicts: ${lines.join('\n')}`;
  }
  return new ApiError(409, 'Conflict', message, { causes });
}
