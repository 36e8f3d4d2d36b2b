import type { Scenario } from './scenario-types';
import { describeStep, formatEntry } from './timeline-format';
import { goDuration } from '../nodes/time-format';

/** What a scenario will do, as `npm run scenario -- FILE --check` prints it. */
export function planLines(s: Scenario, speed = s.speed): string[] {
  const wallSeconds = s.durationMs / speed / 1000;
  return [
    `${s.name}: ${goDuration(s.durationMs)} of cluster time at ${speed}× real time (about ${wallSeconds.toFixed(0)} s of wall time after setup), namespace ${s.namespace}`,
    ...(s.description ? s.description.split('\n').map((l) => `  ${l}`) : []),
    'Objects:',
    ...s.objects.map((o) => `  ${o.kind.toLowerCase()}/${o.metadata.name}`),
    'Steps:',
    ...s.steps.map((step) => formatEntry({ ...describeStep(step), at: step.at }, 0)),
  ];
}
