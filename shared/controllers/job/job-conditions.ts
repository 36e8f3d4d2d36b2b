import type { Job, JobCondition } from 'kubernetes-types/batch/v1';
import { formatTime } from '../time';

/** newCondition: probe and transition time both now. */
export function newJobCondition(type: string, status: 'True' | 'False', reason: string, message: string, now: number): JobCondition {
  const t = formatTime(now);
  return { type, status, lastProbeTime: t, lastTransitionTime: t, reason, message };
}

export function findJobCondition(conditions: JobCondition[] | undefined, type: string): JobCondition | undefined {
  return conditions?.find((c) => c.type === type);
}

/**
 * ensureJobConditionStatus: replace the condition of `type` when status, reason or message differ;
 * add it when missing unless it would be False (nothing → False means nothing). Returns whether it changed.
 */
export function ensureJobCondition(job: Job, type: string, status: 'True' | 'False', reason: string, message: string, now: number): boolean {
  const list = job.status!.conditions ?? [];
  const i = list.findIndex((c) => c.type === type);
  if (i >= 0) {
    const c = list[i]!;
    if (c.status === status && (c.reason ?? '') === reason && (c.message ?? '') === message) return false;
    list[i] = newJobCondition(type, status, reason, message, now);
    job.status!.conditions = list;
    return true;
  }
  if (status === 'False') return false;
  job.status!.conditions = [...list, newJobCondition(type, status, reason, message, now)];
  return true;
}

/** util.IsJobFinished: Complete or Failed is True. */
export function isJobFinished(job: Job): boolean {
  return (job.status?.conditions ?? []).some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

/** When the Job finished (the Complete or Failed condition's transition), if it has. */
export function jobFinishTime(job: Job): string | undefined {
  return (job.status?.conditions ?? []).find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')?.lastTransitionTime;
}
