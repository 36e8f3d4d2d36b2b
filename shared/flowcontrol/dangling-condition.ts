// The configuration consumer's status write (apf_controller.go): each FlowSchema carries a
// `Dangling` condition saying whether the priority level it names exists.
import type { FlowSchemaCondition } from 'kubernetes-types/flowcontrol/v1';
import type { FlowSchema } from './types';

/** The field manager upstream's consumer writes status with. */
export const CONFIG_CONSUMER = 'api-priority-and-fairness-config-consumer-v1';

/**
 * The status a schema should have, or undefined when its Dangling condition already says so
 * (a changed condition gets `now` as its lastTransitionTime).
 * @example danglingStatusUpdate(fs, new Set(['global-default']), '2025-01-01T00:00:00Z')
 */
export function danglingStatusUpdate(fs: FlowSchema, levels: ReadonlySet<string>, now: string): FlowSchema['status'] | undefined {
  const pl = fs.spec?.priorityLevelConfiguration?.name ?? '';
  const found = levels.has(pl);
  const want = found
    ? { status: 'False', reason: 'Found', message: `This FlowSchema references the PriorityLevelConfiguration object named ${JSON.stringify(pl)} and it exists` }
    : { status: 'True', reason: 'NotFound', message: `This FlowSchema references the PriorityLevelConfiguration object named ${JSON.stringify(pl)} but there is no such object` };
  const conditions = fs.status?.conditions ?? [];
  const have = conditions.find((c) => c.type === 'Dangling');
  if (have && have.status === want.status && have.reason === want.reason && have.message === want.message) return undefined;
  const next: FlowSchemaCondition = { type: 'Dangling', ...want, lastTransitionTime: now };
  return { ...fs.status, conditions: [...conditions.filter((c) => c.type !== 'Dangling'), next] };
}
