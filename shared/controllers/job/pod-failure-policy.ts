import type { Job, PodFailurePolicy, PodFailurePolicyOnExitCodesRequirement } from 'kubernetes-types/batch/v1';
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1';

export type PodFailurePolicyAction = 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';

/** What the pod failure policy says about a failed pod. */
export interface PolicyMatch {
  /** FailJob: the Job's failure message. */
  failJobMessage?: string;
  /** Whether the failure counts towards backoffLimit (false for Ignore). */
  countFailed: boolean;
  /** The action of the matching rule, if one matched. */
  action?: PodFailurePolicyAction;
}

/**
 * matchPodFailurePolicy: the first rule (in order) whose onExitCodes matches a container that
 * terminated non-zero (app containers before init containers) or whose onPodConditions matches a
 * pod condition decides. No policy or no match: the failure counts.
 */
export function matchPodFailurePolicy(policy: PodFailurePolicy | undefined, pod: Pod): PolicyMatch {
  if (!policy) return { countFailed: true };
  const ns = pod.metadata?.namespace ?? '';
  const name = pod.metadata?.name ?? '';
  for (const [index, rule] of (policy.rules ?? []).entries()) {
    const action = rule.action as PodFailurePolicyAction;
    if (rule.onExitCodes) {
      const cs = matchOnExitCodes(pod, rule.onExitCodes);
      if (!cs) continue;
      if (action === 'FailJob') {
        const msg = `Container ${cs.name} for pod ${ns}/${name} failed with exit code ${cs.state!.terminated!.exitCode} matching ${action} rule at index ${index}`;
        return { failJobMessage: msg, countFailed: true, action };
      }
      if (action === 'Ignore' || action === 'FailIndex' || action === 'Count') return { countFailed: action !== 'Ignore', action };
    } else if (rule.onPodConditions) {
      const cond = (pod.status?.conditions ?? []).find((c) => rule.onPodConditions!.some((p) => p.type === c.type && (p.status ?? 'True') === c.status));
      if (!cond) continue;
      if (action === 'FailJob') {
        return { failJobMessage: `Pod ${ns}/${name} has condition ${cond.type} matching ${action} rule at index ${index}`, countFailed: true, action };
      }
      if (action === 'Ignore' || action === 'FailIndex' || action === 'Count') return { countFailed: action !== 'Ignore', action };
    }
  }
  return { countFailed: true };
}

function matchOnExitCodes(pod: Pod, req: PodFailurePolicyOnExitCodesRequirement): ContainerStatus | undefined {
  return matchingContainer(pod.status?.containerStatuses, req) ?? matchingContainer(pod.status?.initContainerStatuses, req);
}

function matchingContainer(statuses: ContainerStatus[] | undefined, req: PodFailurePolicyOnExitCodesRequirement): ContainerStatus | undefined {
  for (const cs of statuses ?? []) {
    const code = cs.state?.terminated?.exitCode;
    // 0 is success, never a failure to match
    if (code === undefined || code === 0) continue;
    if (req.containerName != null && req.containerName !== cs.name) continue;
    const listed = req.values.includes(code);
    if (req.operator === 'In' ? listed : !listed) return cs;
  }
  return undefined;
}

/** getFailJobMessage: the FailJob message of the first failed pod a FailJob rule matches. */
export function failJobMessage(job: Job, pods: Pod[], isFailed: (p: Pod) => boolean): string | undefined {
  if (!job.spec?.podFailurePolicy) return undefined;
  for (const p of pods) {
    if (!isFailed(p)) continue;
    const m = matchPodFailurePolicy(job.spec.podFailurePolicy, p).failJobMessage;
    if (m) return m;
  }
  return undefined;
}
