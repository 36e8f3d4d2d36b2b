// Port of upstream printControllerRevision (pkg/printers/internalversion).
import type { ControllerRevision } from 'kubernetes-types/apps/v1';
import { AGE_COLUMN, NAME_COLUMN, column } from './columns';
import { age } from './timestamps';
import type { Printer } from './types';

/** formatResourceName with kind: `<kind>.<group>/<name>` in lower case (`daemonset.apps/web`). */
function controllerName(rev: ControllerRevision): string {
  const ref = (rev.metadata?.ownerReferences ?? []).find((r) => r.controller === true);
  if (!ref) return '<none>';
  const slash = ref.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : ref.apiVersion.slice(0, slash);
  return `${(group ? `${ref.kind}.${group}` : ref.kind).toLowerCase()}/${ref.name}`;
}

/** Columns and cells for apps/v1 ControllerRevision: NAME CONTROLLER REVISION AGE. */
export const controllerRevisionPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Controller', 'string', { text: 'Controller of the object' }),
    column('Revision', 'string', { text: 'Revision indicates the revision of the state represented by Data.' }),
    AGE_COLUMN,
  ],
  print: (obj, now) => {
    const rev = obj as unknown as ControllerRevision;
    return { cells: [rev.metadata?.name ?? '', controllerName(rev), Math.trunc(rev.revision ?? 0), age(rev, now)] };
  },
};
