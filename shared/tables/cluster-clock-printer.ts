// kubectl get clusterclock: how fast cluster time runs and where it is now. Kubeflare's own kind, so
// there is no upstream printer to port; the columns follow upstream's conventions (NAME first, AGE last).
import type { ClusterClockObject } from '../clock/clock-object';
import { rfc3339 } from '../nodes/time-format';
import { AGE_COLUMN, NAME_COLUMN, column } from './columns';
import { age } from './timestamps';
import type { Printer } from './types';

/**
 * Columns and cells for kubeflare.dev/v1alpha1 ClusterClock: NAME SPEED PAUSED TIME AGE | MESSAGE. TIME is the
 * cluster time as the server reads it when it answers (status.time is only the instant of the last
 * write), so `kubectl get clusterclock -w` and repeated gets show it moving at SPEED. SPEED is the
 * speed in effect; MESSAGE (wide) says why it is below spec.speed when the loops could not keep up.
 */
export const clusterClockPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Speed', 'number', { text: 'Cluster seconds per wall second (1 is real time).' }),
    column('Paused', 'boolean', { text: 'Stepped mode: cluster time stands still and moves only by spec.advance or spec.runFor (true once a timed run has ended).' }),
    column('Time', 'string', { text: 'The cluster time now, as every controller, kubelet and store reads it.' }),
    AGE_COLUMN,
    column('Message', 'string', { text: 'Why the speed in effect is below spec.speed (spec.keepUp).' }, { priority: 1 }),
  ],
  print: (obj, now) => {
    const c = obj as unknown as ClusterClockObject;
    const status = c.status;
    const stands = (status?.paused ?? false) || (typeof status?.runUntil === 'number' && now >= status.runUntil);
    return { cells: [c.metadata.name ?? '', status?.speed ?? 1, stands, rfc3339(now), age(obj, now), status?.message ?? ''] };
  },
};
