// Port of upstream printResourceQuota (pkg/printers/internalversion).
import type { ResourceQuota } from 'kubernetes-types/core/v1';
import { AGE_COLUMN, NAME_COLUMN, column } from './columns';
import { quantity } from './format';
import { age } from './timestamps';
import type { Printer } from './types';

/** Columns and cells for v1 ResourceQuota: NAME AGE REQUEST LIMIT; each cell `resource: used/hard, …` in name order, `limits.*` under LIMIT. */
export const resourceQuotaPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    AGE_COLUMN,
    column('Request', 'string', { text: 'Request represents a minimum amount of cpu/memory that a container may consume.' }),
    column('Limit', 'string', { text: 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.' }),
  ],
  print: (obj, now) => {
    const q = obj as ResourceQuota;
    const hard = q.status?.hard ?? {};
    const used = q.status?.used ?? {};
    const requests: string[] = [];
    const limits: string[] = [];
    for (const r of Object.keys(hard).sort()) {
      const cell = `${r}: ${quantity(used[r] ?? '0')}/${quantity(hard[r])}`;
      (r.split('.').length > 1 && r.split('.')[0] === 'limits' ? limits : requests).push(cell);
    }
    return { cells: [q.metadata?.name ?? '', age(q, now), requests.join(', '), limits.join(', ')] };
  },
};
